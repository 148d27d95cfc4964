using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// The workload step as DR engineers describe a guest (sequential, hot-spot, mixed block sizes): under other
/// seeds the drill still ends with every disk equal to the truth, and what the step cannot mean is refused
/// with its position.
/// </summary>
public sealed class WorkloadStepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("workload-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData(1UL)]
    [InlineData(77UL)]
    public void PatternedWorkloadsMatchTheTruthThroughAFailoverUnderAnySeed(ulong seed)
    {
        var outcome = ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, "guest-workload-patterns.yaml")), new RunOptions { Seed = seed });
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Expectations.Where(e => !e.Held).Select(e => e.Actual)));
    }

    [Theory]
    [InlineData("hot-spot: 5%", "needs pattern: hot-spot")]
    [InlineData("pattern: hot-spot, hot-spot: lots", "hot-spot must be a share of the disk such as 10%")]
    [InlineData("pattern: zigzag", "must be one of random, sequential, hot-spot")]
    [InlineData("block: [4KiB, 1000B]", "block must be a multiple of 512 bytes")]
    [InlineData("block: []", "block must name at least one size")]
    public void AWorkloadItCannotMeanIsRefused(string fields, string message)
    {
        var file = Path.Combine(_dir, "w.yaml");
        File.WriteAllText(file, $"""
            title: t
            seed: 1
            topology:
              vcenters: [{"{"}name: vc{"}"}]
              hosts: [{"{"}name: h1, vcenter: vc{"}"}]
              datastores: [{"{"}name: DS1, hosts: [h1]{"}"}]
              vms: [{"{"}name: app-01, host: h1, datastore: DS1, disks: [16MiB], power: on{"}"}]
            steps:
              - workload: {"{"}vm: app-01, rate: 1MiB/s, for: 10m, {fields}{"}"}
            """);
        var error = Assert.Throws<ScenarioError>(() => BoundScenario.Load(file));
        Assert.Contains(message, error.Reason);
        Assert.Equal(9, error.Line);
    }
}
