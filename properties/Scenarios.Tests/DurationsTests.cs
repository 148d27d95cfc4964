using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// ASR's waits in drills: <c>durations:</c> takes asr or instant only, and only with a vault; the <c>job</c> expectation
/// judges a job's (or a task's) time, and fails when the waits are not the ones it names.
/// </summary>
public class DurationsTests
{
    private static readonly string AsrDrill = Path.Combine(RepoRoot.Drills, "infrastructure-jobs-take-asr-time.yaml");
    private static readonly string InstantDrill = Path.Combine(RepoRoot.Drills, "infrastructure-jobs-instant.yaml");

    [Fact]
    public void TheWaitsShowInJobTimes_AndPlantedWrongOnesFail()
    {
        var text = File.ReadAllText(AsrDrill);
        Assert.True(Run(AsrDrill, text).Passed);
        // The discovery cannot be under 15 minutes, the listing of the process server not over 15, the refresh not instant.
        foreach (var (from, to) in new[]
                 {
                     ("task: Discover the virtual machines, took-at-least: 15m, took-at-most: 20m", "task: Discover the virtual machines, took-at-most: 14m59s"),
                     ("target: ps-azure, task: List the process server, took-at-least: 10m, took-at-most: 15m", "target: ps-azure, task: List the process server, took-at-least: 15m1s"),
                     ("scenario: RefreshServer, state: Succeeded, took-at-least: 13m, took-at-most: 18m", "scenario: RefreshServer, state: Succeeded, took-at-most: 1s"),
                 })
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            var report = Run(AsrDrill, text.Replace(from, to, StringComparison.Ordinal));
            Assert.False(report.Passed, to);
            Assert.Single(report.Expectations, e => !e.Held);
        }
    }

    [Fact]
    public void InstantIsSaidAndShows_AsrOnTheSameDrillShowsTheWaits()
    {
        var text = File.ReadAllText(InstantDrill);
        Assert.True(Run(InstantDrill, text).Passed);
        // The same drill with ASR's waits: the same steps pass (the reprotect comes half an hour after the failover, past
        // the agent's re-registration), but the discovery and listing waits are no longer zero.
        var asr = Run(InstantDrill, text.Replace("durations: instant", "durations: asr", StringComparison.Ordinal));
        Assert.False(asr.Passed);
        Assert.All(asr.Steps, s => Assert.True(s.AsExpected, s.Detail));
        Assert.Equal(5, asr.Expectations.Count(e => !e.Held)); // the five zero-time job expectations
        Assert.Contains(asr.Expectations, e => !e.Held && e.Expected.Contains("Discover the virtual machines", StringComparison.Ordinal));
        // Leaving durations out is asr, the default: the same outcome.
        var absent = Run(InstantDrill, text.Replace("durations: instant\n", "", StringComparison.Ordinal));
        Assert.Equal(asr.Expectations.Select(e => (e.Held, e.Actual)), absent.Expectations.Select(e => (e.Held, e.Actual)));
    }

    [Theory]
    [InlineData("durations: fast", "one of: asr")]
    [InlineData("durations: Instant", "one of: asr")]
    [InlineData("durations: [instant]", "")]
    public void AnUnknownPresetIsRefusedWhereItIsWritten(string line, string message)
    {
        var text = File.ReadAllText(InstantDrill).Replace("durations: instant", line, StringComparison.Ordinal);
        var error = Assert.Throws<ScenarioError>(() => BoundScenario.Parse("d.yaml", text));
        Assert.Contains("d.yaml:8:", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DurationsWithoutAVaultAreRefused()
    {
        const string text = """
            title: no vault
            durations: instant
            topology:
              vcenters: [{name: vc1}]
              hosts: [{name: esxi-01, vcenter: vc1}]
              datastores: [{name: DS1, hosts: [esxi-01]}]
              vms: [{name: app-01, host: esxi-01, datastore: DS1}]
            steps:
              - wait: 1m
            """;
        var error = Assert.Throws<ScenarioError>(() => BoundScenario.Parse("n.yaml", text));
        Assert.Contains("n.yaml:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("no vault", error.Message, StringComparison.Ordinal);
    }

    private static RunReport Run(string file, string text) => ScenarioRunner.Run(BoundScenario.Parse(file, text)).Report;
}
