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
    [InlineData("burst-every: 10m", "need burst")]
    [InlineData("burst: 4MiB/s, burst-for: 1h", "burst-for must be at least 'every' and shorter than burst-every")]
    [InlineData("burst: 4MiB/s, every: 1m, burst-for: 30s", "burst-for must be at least 'every'")]
    [InlineData("burst: 4MiB/s, every: 5m, burst-every: 1m", "burst-every must be at least 'every'")]
    [InlineData("burst: fast", "must be a rate such as 1MiB/s")]
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

    /// <summary>
    /// Bursts spelled another way than the library's drill (a site without Azure, 4 KiB blocks, 1 minute of every 10):
    /// the ticks whose end falls in a period's first minute write the burst's blocks, the others the steady ones
    /// (18 of 180 ticks x 100 blocks + 162 x 10 = 3,420 writes), and the disk holds exactly what the guest wrote.
    /// </summary>
    [Fact]
    public void BurstsWriteTheirRateInTheFirstPartOfEveryPeriod()
    {
        var file = Path.Combine(_dir, "bursts.yaml");
        File.WriteAllText(file, """
            title: t
            seed: 5
            topology:
              vcenters: [{name: vc}]
              hosts: [{name: h1, vcenter: vc}]
              datastores: [{name: DS1, hosts: [h1]}]
              vms: [{name: app-01, host: h1, datastore: DS1, disks: [16MiB], power: on}]
            steps:
              - workload: {vm: app-01, rate: 4KiB/s, for: 30m, block: 4KiB, every: 10s, pattern: sequential, burst: 40KiB/s, burst-every: 10m, burst-for: 1m}
              - wait: 31m
            expect:
              - guest-writes: {vm: app-01, at-least: 3420, at-most: 3420}
              - disk-matches-truth: {vm: app-01}
            """);
        var outcome = ScenarioRunner.Run(BoundScenario.Load(file));
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Expectations.Where(e => !e.Held).Select(e => e.Actual)));
    }
}
