using Failback.Engine.Ports;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>ASR's job Cancel: a running item job allows Cancel; cancelled, it ends Cancelled at its next task and the item takes the failed state.</summary>
public sealed class JobCancelTests
{
    [Fact]
    public void ARunningReprotectIsCancelledAtItsNextTask()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            var running = h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);
            await h.Time.Delay(TimeSpan.FromMinutes(1)); // the first task (2 minutes in the fake) runs
            var job = Assert.Single(h.Jobs.All());
            Assert.Equal(JobState.InProgress, job.State);
            Assert.Equal([JobNames.Cancel], job.AllowedActions);
            h.Orchestrator.CancelJob(job.Id);

            var ended = await running;
            Assert.Equal((JobState.Cancelled, "FB9001"), (ended.State, Assert.Single(ended.Errors).Code));
            Assert.Empty(ended.AllowedActions); // neither Cancel nor Restart on a cancelled job
            Assert.Equal(JobState.NotStarted, ended.Tasks[^1].State); // the task after the cancel never started
            Assert.Equal(ProtectionState.ReprotectToOnPremisesFailed, h.Orchestrator.Item("vm-1").State);
            Assert.DoesNotContain(h.Replication.Changes, c => c.StartsWith("EnableReplication", StringComparison.Ordinal));
            var again = Assert.Throws<AsrException>(() => h.Orchestrator.CancelJob(job.Id));
            Assert.Equal("FB1006", again.Error.Code);
            Assert.Equal("FB1006", Assert.Throws<AsrException>(() => h.Orchestrator.CancelJob("job-99")).Error.Code);
            // The operation runs again from the failed state.
            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back)).State);
        });
    }
}
