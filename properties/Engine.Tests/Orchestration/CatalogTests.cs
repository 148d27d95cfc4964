using System.Text.RegularExpressions;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Rules;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>The rule catalog is well formed; the error catalog covers every failure mode the source names.</summary>
public sealed partial class CatalogTests
{
    /// <summary>Well-formed IDs (a section prefix, a dash, a number), each with a summary and its full passage.</summary>
    [Fact]
    public void EveryRuleHasAWellFormedIdASummaryAndAPassage()
    {
        var prefixes = RuleCatalog.Sections.Select(s => s.Prefix).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(RuleCatalog.Sections.Count, prefixes.Count);
        Assert.Equal(60, RuleCatalog.Rules.Count);
        Assert.Equal(RuleCatalog.Rules.Keys, RuleCatalog.Passages.Keys);
        foreach (var (id, summary) in RuleCatalog.Rules)
        {
            var m = RuleId().Match(id);
            Assert.True(m.Success && prefixes.Contains(m.Groups["prefix"].Value), $"'{id}' is not PREFIX-N with a section prefix");
            Assert.False(string.IsNullOrWhiteSpace(summary), id);
            Assert.True(RuleCatalog.Passages[id].Length > summary.Length / 2, $"{id}'s passage is shorter than its summary suggests");
        }
    }

    [Fact]
    public void EveryFailureModeOfTheSeedHasAnErrorCatalogEntry()
    {
        string[] failureModes =
        [
            .. Enumerable.Range(1, 9).Select(i => $"PRE-{i}"), "LOC-3", "LOC-5", "LOC-6",
            .. Enumerable.Range(1, 6).Select(i => $"TS-{i}"), "RP-4", "RP-8", "RP-9", "PS-2", "PS-3",
            .. Enumerable.Range(1, 3).Select(i => $"ER-{i}"), .. Enumerable.Range(1, 5).Select(i => $"MT-{i}"),
        ];
        var rules = ErrorCatalog.All.Select(e => e.Rule).ToHashSet();
        var missing = failureModes.Where(id => !rules.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"No ErrorCatalog entry for {string.Join(", ", missing)}.");
        Assert.Subset(ErrorCatalog.All.Select(e => e.Code).ToHashSet(), new HashSet<string>(["95226", "78052", "78093", "8061", "8038"]));
    }

    [Fact]
    public void EveryCatalogEntryIsComplete()
    {
        Assert.True(ErrorCatalog.All.Count >= 40);
        foreach (var entry in ErrorCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Code));
            Assert.False(string.IsNullOrWhiteSpace(entry.Title));
            Assert.False(string.IsNullOrWhiteSpace(entry.PossibleCauses));
            Assert.False(string.IsNullOrWhiteSpace(entry.RecommendedAction));
            if (entry.Rule is { } rule) Assert.Contains(rule, RuleCatalog.Rules.Keys);
            // The code is ASR's documented number, or else the project's own FB code; the rule is never the code.
            Assert.True(entry.Code.All(char.IsDigit) || entry.Code.StartsWith("FB", StringComparison.Ordinal), $"{entry.Code} / {entry.Rule}");
            Assert.NotEqual(entry.Rule, entry.Code);
        }
        var error = ErrorCatalog.DiskEnableUuid.Create("master target 'mt-1' has disk.EnableUUID = 'true'");
        Assert.Equal(("FB2007", "PRE-7"), (error.Code, error.Rule));
        Assert.Equal("FB2007: The master target VM does not have disk.EnableUUID set to True: master target 'mt-1' has disk.EnableUUID = 'true'", error.ToString());
    }

    [Fact]
    public void AsrsDocumentedCodesCarryAsrsTitles()
    {
        // The titles of vmware-azure-troubleshoot-failback-reprotect, word for word.
        Assert.Equal("Reprotect failed as the Azure virtual machine was not able to reach the on-premises configuration server", ErrorCatalog.AzureVmCannotReachConfigurationServer.Title);
        Assert.Equal("Protection couldn't be completed for the virtual machine", ErrorCatalog.VmNameExistsOnMasterTargetHost.Title);
        Assert.Equal("The VM is not running, in a hung state, or not accessible", ErrorCatalog.AzureVmNotRunning.Title);
        Assert.Equal("The datastore is not accessible from ESXi host", ErrorCatalog.DatastoreNotAccessible.Title);
        Assert.Equal("Failed to bring up the on-premises virtual machine due to the error", ErrorCatalog.OnPremisesHostOutOfMemory.Title);
        Assert.Contains("restart the reprotect job", ErrorCatalog.AzureVmNotRunning.RecommendedAction, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<prefix>[A-Z]{2,3})-[1-9]\d*$")]
    private static partial Regex RuleId();
}
