using System.Text.RegularExpressions;
using Failback.Scenarios.Steps;
using Failback.Simulators.Azure;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.VCenter.Tasks;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// The fault sites the simulators publish are the operations they really consult the fault plan with: read from
/// their sources, so a new task method or ARM operation that is not published (or a published one that is gone) fails here.
/// </summary>
public sealed partial class FaultSiteTests
{
    [Fact]
    public void TheVCenterPublishesEveryMethodItConsultsTheFaultPlanWith()
    {
        var source = Sources("Simulators/VCenter");
        var consulted = Literals(source, TaskMethod()).Concat(Literals(source, StartedTask())).Concat(Literals(source, VCenterConsult())).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(consulted.Order(StringComparer.Ordinal), FaultInjector.Site.Operations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AzurePublishesEveryOperationItGates()
    {
        var source = Sources("Simulators/Azure");
        var gated = Literals(source, Gate()).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(AzureCloud.FaultSite.Operations.ToHashSet(StringComparer.Ordinal), gated);
        // Resource actions reach the gate by name: each published one must be an action some handler performs.
        foreach (var op in AzureCloud.FaultSite.Operations.Except(gated))
            Assert.True(source.Contains($"\"{op}\" =>", StringComparison.Ordinal) || source.Contains($"case \"{op}\"", StringComparison.Ordinal), $"azure publishes '{op}', which no handler performs");
    }

    [Fact]
    public void TheNetworkPublishesItsRouteOperations()
    {
        var routed = Literals(Sources("Simulators/Azure/Connectivity"), Route()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(routed.Order(StringComparer.Ordinal), AzureNetwork.FaultSite.Operations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryTargetABindableRuleNamesHasASite()
    {
        Assert.Equal(["vcenter", "azure", "network", "component", "*"], BoundFault.Targets);
        // A component rule crashes a process server (drills process-server-crash-* show what it does); it raises nothing else.
        Assert.True(World.ComponentFaults.Site.Knows("CRASH") && !World.ComponentFaults.Site.Knows("partition") && World.ComponentFaults.Site.Fires("process-*"));
        Assert.All(BoundFault.Sites, s => Assert.NotEmpty(s.Operations));
        Assert.True(FaultInjector.Site.Fires("*VM_Task") && !FaultInjector.Site.Fires("PowerOnVM") && FaultInjector.Site.Knows("noPERMISSION"));
        Assert.True(AzureCloud.FaultSite.Knows("AnyArmCode") && !FaultInjector.Site.Knows("AnyArmCode"));
    }

    private static string Sources(string folder) => string.Join("\n",
        Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private static IEnumerable<string> Literals(string source, Regex pattern) => pattern.Matches(source).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"""(\w+_Task)""")]
    private static partial Regex TaskMethod();

    [GeneratedRegex(@"\bStart\(""(\w+)""")]
    private static partial Regex StartedTask();

    [GeneratedRegex(@"Consult\(""vcenter"", ""(\w+)""")]
    private static partial Regex VCenterConsult();

    [GeneratedRegex(@"Gate\(""(\w+)""")]
    private static partial Regex Gate();

    [GeneratedRegex(@"Route\([^()]*""(\w+)""\)")]
    private static partial Regex Route();
}
