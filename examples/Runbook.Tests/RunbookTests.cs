using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Xunit;

namespace Runbook.Tests;

/// <summary>The runbook against the simulated site and Azure, with the on-premises host short of memory some of the time.</summary>
public sealed class RunbookTests
{
    private sealed record Outcome(Job Job, int Attempts, ProtectionState State);

    private static Outcome FailBack(int hostFailures, int maxAttempts = 3, ulong seed = 1) =>
        RunbookWorld.Run(seed, hostFailures > 0 ? [RunbookWorld.HostOutOfMemory(hostFailures)] : [], async (world, id) =>
        {
            var runbook = new FailbackRunbook(world.Vault!, world.Simulation.Clock) { MaxAttempts = maxAttempts };
            var job = await runbook.FailBackAsync(id);
            return new Outcome(job, runbook.Attempts.Count, world.Vault!.Item(id).State);
        });

    [Fact]
    public void WithoutFaultsTheVmFailsBackAndIsCommittedAtTheFirstAttempt()
    {
        var outcome = FailBack(hostFailures: 0);

        Assert.Equal(JobState.Succeeded, outcome.Job.State);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(ProtectionState.FailbackCommitted, outcome.State);
    }

    [Fact]
    public void TwoHostFailuresAreRetriedAndTheThirdAttemptSucceeds()
    {
        var outcome = FailBack(hostFailures: 2);

        Assert.Equal(JobState.Succeeded, outcome.Job.State);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(ProtectionState.FailbackCommitted, outcome.State);
    }

    [Fact]
    public void AfterMaxAttemptsTheRunbookGivesUpWithTheHostsError()
    {
        var outcome = FailBack(hostFailures: 5, maxAttempts: 2);

        Assert.Equal(JobState.Failed, outcome.Job.State);
        Assert.Equal(2, outcome.Attempts);
        Assert.Contains(outcome.Job.Errors, e => e.Code == FailbackRunbook.HostOutOfMemory);
    }
}
