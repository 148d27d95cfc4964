using Failback.Engine.Orchestration.Jobs;
using Microsoft.Coyote;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.SystematicTesting;
using Xunit;

namespace Runbook.Tests;

/// <summary>
/// The runbook under Coyote: its TestingEngine schedules every task of the world (the harness assemblies are rewritten
/// after the build), exploring the orders in which work ready at the same virtual instant runs.
/// </summary>
public sealed class RunbookCoyoteTests
{
    private static TestReport Explore(Func<Task> test, uint iterations)
    {
        foreach (var assembly in new[] { typeof(RunbookCoyoteTests).Assembly, typeof(Failback.Engine.Vault.SiteRecoveryVault).Assembly, typeof(Failback.Scenarios.World.DrillWorld).Assembly })
            Assert.True(RewritingEngine.IsAssemblyRewritten(assembly), $"{assembly.GetName().Name} is not rewritten for Coyote (the CoyoteRewrite target of the project).");
        var configuration = Configuration.Create().WithTestingIterations(iterations).WithRandomGeneratorSeed(7)
            .WithPartiallyControlledConcurrencyAllowed(false).WithTelemetryEnabled(false).WithConsoleLoggingEnabled(false).WithMaxSchedulingSteps(20_000);
        var engine = TestingEngine.Create(configuration, test);
        engine.Run();
        var report = engine.TestReport;
        Assert.True(report.UncontrolledInvocations.Count == 0, "Code escaped Coyote's control: " + string.Join(", ", report.UncontrolledInvocations));
        return report;
    }

    [Fact]
    public void InEveryScheduleTheRunbookRetriesTheHostFailureAndFailsBack()
    {
        var report = Explore(async () =>
        {
            var (state, attempts) = await RunbookWorld.RunHostedAsync(1, [RunbookWorld.HostOutOfMemory(1)], async (world, id) =>
            {
                var runbook = new FailbackRunbook(world.Vault!, world.Simulation.Clock);
                var job = await runbook.FailBackAsync(id);
                return (job.State, runbook.Attempts.Count);
            });
            Microsoft.Coyote.Specifications.Specification.Assert(state == JobState.Succeeded && attempts == 2, $"ended {state} after {attempts} attempts");
        }, iterations: 5);

        Assert.True(report.NumOfFoundBugs == 0, string.Join("\n", report.BugReports));
    }

    [Fact]
    public void ARunbookExpectingTwoFailbacksOfOneVmAtOnceToSucceedIsCaught()
    {
        // Planted: a runbook that starts two failbacks of one VM together and expects both to succeed; the engine runs one
        // operation of an item at a time, so the other is refused and Coyote must report the broken expectation.
        var report = Explore(async () =>
        {
            var states = await RunbookWorld.RunHostedAsync(1, [], async (world, id) =>
            {
                var jobs = await Task.WhenAll(new[] { new FailbackRunbook(world.Vault!, world.Simulation.Clock).FailBackAsync(id), new FailbackRunbook(world.Vault!, world.Simulation.Clock).FailBackAsync(id) });
                return jobs.Select(j => j.State).ToArray();
            });
            Microsoft.Coyote.Specifications.Specification.Assert(states.All(s => s == JobState.Succeeded), $"the two failbacks ended {string.Join(", ", states)}");
        }, iterations: 3);

        Assert.Equal(1, report.NumOfFoundBugs);
    }
}
