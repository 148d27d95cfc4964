using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

public class DeterminismTests
{
    private static RunOutcome Run(ulong? seed) =>
        ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, "guest-workload-snapshots.yaml")), new RunOptions { Seed = seed, CaptureTrace = true });

    [Fact]
    public void SameSeedGivesByteIdenticalReportAndTrace()
    {
        var a = Run(42);
        var b = Run(42);
        Assert.Equal(ReportWriter.Json([a.Report]), ReportWriter.Json([b.Report]));
        Assert.Equal(a.Trace, b.Trace);
        // The run folder (a temp "drill-*" folder) shows as $RUN; the scenario's own path may lie anywhere, /tmp included.
        var runFolders = Path.Combine(Path.GetTempPath(), "drill-");
        Assert.DoesNotContain(runFolders, a.Trace);
        Assert.DoesNotContain(runFolders, ReportWriter.Json([a.Report]));
    }

    [Fact]
    public void AFailbackDrillThroughBothSimulatorsIsByteIdenticalUnderTheSameSeed()
    {
        RunOutcome Failback() => ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, "failback-alternate-location.yaml")),
            new RunOptions { Seed = 5, CaptureTrace = true, ExtraFaults = RandomFaults.For(5) });
        var (a, b) = (Failback(), Failback());
        Assert.Equal(ReportWriter.Json([a.Report]), ReportWriter.Json([b.Report]));
        Assert.Equal(a.Trace, b.Trace);
    }

    [Fact]
    public void AnotherSeedGivesAnotherRun()
    {
        Assert.NotEqual(Run(1).Trace, Run(2).Trace);
    }

    [Fact]
    public void RunFolderIsDeletedUnlessKept()
    {
        var kept = ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml")), new RunOptions { KeepFolder = true });
        try
        {
            Assert.True(Directory.Exists(kept.KeptFolder));
            Assert.NotEmpty(Directory.EnumerateFiles(kept.KeptFolder!, "*.vmdk", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(kept.KeptFolder!, true);
        }
        var before = TempRuns();
        ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml")));
        Assert.Equal(before, TempRuns());
    }

    internal static string[] TempRuns() => [.. Directory.EnumerateDirectories(Path.GetTempPath(), "drill-*").Order(StringComparer.Ordinal)];
}
