using System.Text.RegularExpressions;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Messages name objects as users know them (issue 15, item 2): no report of a drill (its text and --json, which
/// carry every step's result and every job's errors) shows a vSphere managed object reference or an ARM resource id
/// where the VM, host, datastore or network name belongs. The --trace is the engine's own record and may hold them.
/// </summary>
public partial class UserNamesTests
{
    [Theory]
    [MemberData(nameof(DrillData.DrillFiles), MemberType = typeof(DrillData))]
    public void NoReportNamesAnObjectByItsInternalId(string drill)
    {
        var report = ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, drill)), new RunOptions()).Report;
        var ids = InternalIds(ReportWriter.Text(report) + ReportWriter.Json([report]));
        Assert.True(ids.Count == 0, $"{drill}: internal ids in the report: {string.Join(", ", ids)}");
    }

    [Fact]
    public void ThePlantedIdsAreFound()
    {
        Assert.Equal(["vm-12", "datastore-7", "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub-net"],
            InternalIds("VM vm-12 on datastore-7 is in '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub-net'"));
        Assert.Empty(InternalIds("VM 'web-7' on datastore 'ds-east' is in virtual network 'hub-net'; job-4, rp-3"));
    }

    private static List<string> InternalIds(string text) => [.. Ids().Matches(text).Select(m => m.Value).Distinct()];

    // vCenter's references (MoRefTable) and ARM ids up to the next quote or space.
    [GeneratedRegex("""\b(?:(?:vm|host|datastore|datacenter|network|snapshot)-|domain-c|group-[a-z])\d+\b|/subscriptions/[^\s'"\\]+""")]
    private static partial Regex Ids();
}
