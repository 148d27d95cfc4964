using Failback.Scenarios.Running;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Coyote.Tests.Drills;

/// <summary>
/// The main drill, <c>Scenarios/drills/failback-whole-cycle.yaml</c>, run by the drill runner on the world the
/// drill builds (DrillWorld), hosted under Coyote: Coyote schedules every task of the vault, the simulators and the
/// guest, and in every explored schedule the drill passes (its expectations and the runner's invariants hold).
/// </summary>
public sealed class MainDrillUnderCoyoteTests(ITestOutputHelper output)
{
    private const uint Iterations = 3;

    /// <summary>
    /// The drill takes about 4 h of virtual time; a schedule still running at 12 h waits for an event that will
    /// never come (the replication loops keep the clock moving), so it fails with the report instead of hanging.
    /// </summary>
    private static readonly RunOptions Bounded = new() { MaxVirtualTime = TimeSpan.FromHours(12) };

    private static readonly string Drill = Path.Combine(RepoRoot.Path, "Scenarios", "drills", "failback-whole-cycle.yaml");

    [Fact]
    public void CYC1_TheMainFailbackDrillPassesInEveryExploredSchedule()
    {
        CoyoteRun.AssertRewritten(typeof(ScenarioRunner).Assembly, typeof(Engine.Vault.SiteRecoveryVault).Assembly, typeof(Simulators.Kernel.Simulation).Assembly);
        var bound = BoundScenario.Load(Drill);
        var passed = 0;
        CoyoteRun.Passes(output, "main drill", Configuration(Iterations), async () =>
        {
            var outcome = await ScenarioRunner.RunHostedAsync(bound, Bounded);
            Specification.Assert(outcome.Report.Passed, $"the main drill failed in this schedule:\n{ReportWriter.Text(outcome.Report)}");
            Interlocked.Increment(ref passed);
        });
        Assert.Equal((int)Iterations, passed);
    }

    /// <summary>The check can fail: the same drill expecting one job more than the cycle runs is reported as a bug.</summary>
    [Fact]
    public void APlantedWrongExpectationIsReportedAsABug()
    {
        var text = File.ReadAllText(Drill);
        Assert.Contains("jobs: {count: 11, failed: 0}", text, StringComparison.Ordinal);
        var bound = BoundScenario.Parse(Drill, text.Replace("jobs: {count: 11, failed: 0}", "jobs: {count: 12, failed: 0}", StringComparison.Ordinal));
        var report = CoyoteRun.Run(Configuration(1), async () =>
        {
            var outcome = await ScenarioRunner.RunHostedAsync(bound, Bounded);
            Specification.Assert(outcome.Report.Passed, "the planted drill failed");
        }, out _);
        Assert.Equal(1, report.NumOfFoundBugs);
        Assert.Contains("the planted drill failed", report.BugReports.Single(), StringComparison.Ordinal);
    }

    private static Microsoft.Coyote.Configuration Configuration(uint iterations) =>
        CoyoteRun.Configuration(iterations).WithMaxSchedulingSteps(400_000).WithDeadlockTimeout(10_000);
}
