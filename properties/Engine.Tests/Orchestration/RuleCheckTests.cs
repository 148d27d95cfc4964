using System.Reflection;
using System.Text.RegularExpressions;
using Failback.Engine.Orchestration.Rules;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// One implementation per rule: each rule's check is the one function marked [RuleCheck("ID")], and no other
/// engine code tags a result with a rule ID of its own (the way a second, drifting copy of a check does).
/// </summary>
public partial class RuleCheckTests
{
    [Fact]
    public void EachRuleIdMarksAtMostOneCheckFunctionAndIsACatalogRule()
    {
        var checks = typeof(RuleCheckAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<RuleCheckAttribute>().Select(a => (a.RuleId, Method: $"{m.DeclaringType!.Name}.{m.Name}")))
            .ToList();
        Assert.NotEmpty(checks);
        Assert.Empty(Duplicates(checks));
        Assert.All(checks, c => Assert.True(RuleCatalog.Rules.ContainsKey(c.RuleId), $"{c.Method} checks {c.RuleId}, which is not in the rule catalog."));
    }

    [Fact]
    public void ARuleIdMarkingTwoFunctionsIsADuplicate() =>
        Assert.Equal(["RP-4: A.One, B.Two"], Duplicates([("RP-4", "A.One"), ("MT-2", "C.Three"), ("RP-4", "B.Two")]));

    [Fact]
    public void NoEngineCodeOutsideTheCatalogsTagsAResultWithARuleId()
    {
        var engine = Path.Combine(RepoRoot.Path, "Engine");
        var hits = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && Path.GetFileName(f) is not ("ErrorCatalog.cs" or "RuleCatalog.cs" or "RuleApplicability.cs"))
            .SelectMany(f => RuleIdTags(File.ReadAllText(f)).Select(line => $"{Path.GetRelativePath(engine, f)}: {line}"))
            .ToList();
        Assert.Empty(hits);
    }

    [Fact]
    public void ASecondCopyOfACheckIsCaught()
    {
        const string planted = """
            if (uuid != "True") failures.Add(new("PRE-7", $"disk.EnableUUID is '{uuid}'"));
            if (failure.RuleId == "MT-2") return;
            [RuleCheck("RP-4")]
            throw new InvalidOperationException("Volume cannot be a retention drive (RP-4).");
            """;
        Assert.Equal(2, RuleIdTags(planted).Count);
    }

    private static List<string> Duplicates(IEnumerable<(string RuleId, string Method)> checks) =>
        [.. checks.GroupBy(c => c.RuleId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Method))}")];

    /// <summary>Code lines whose string literal is exactly a rule ID (a check tagging its result), other than a [RuleCheck] mark.</summary>
    private static List<string> RuleIdTags(string source) =>
        [.. source.Split('\n').Select(l => l.Trim())
            .Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("[RuleCheck(", StringComparison.Ordinal) && RuleIdLiteral().IsMatch(l))];

    [GeneratedRegex("\"[A-Z]{2,4}-[0-9]+\"")]
    private static partial Regex RuleIdLiteral();
}
