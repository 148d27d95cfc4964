using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// ASR's job Restart (its documented fix for 78093): a failed item job allows Restart, which runs the operation
/// again with the same inputs as a new job; the next operation on the item takes Restart away.
/// </summary>
public sealed class JobRestartTests
{
    [Fact]
    public void RP6_AFailedReprotectIsRestartedOnceTheAzureVmRuns()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Discovery.Failback = (_, e) => e with { AzureVm = e.AzureVm with { Running = false } };

            var failed = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);
            Assert.Equal((JobState.Failed, "78093"), (failed.State, Assert.Single(failed.Errors).Code));
            Assert.Equal([JobNames.Restart], failed.AllowedActions);
            Assert.Equal(("ReverseReplicate", "Reprotect", "vm-1-name", "Failed"), (failed.ScenarioName, failed.FriendlyName, failed.TargetObjectName, failed.StateDescription));

            h.Discovery.Failback = (_, e) => e;
            var restarted = await h.Orchestrator.RestartJobAsync(failed.Id);

            Assert.NotEqual(failed.Id, restarted.Id);
            Assert.Equal((JobState.Succeeded, "Completed"), (restarted.State, restarted.StateDescription));
            Assert.Empty(restarted.AllowedActions);
            Assert.Empty(h.Jobs.Find(failed.Id)!.AllowedActions); // Restart is taken away from the old job
            Assert.Equal(ProtectionState.InitialReplicationToOnPremises, h.Orchestrator.Item("vm-1").State);
            Assert.Contains("EnableReplication vm-1 AzureToOnPremises", h.Replication.Changes); // the same inputs as the failed job
            var again = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.RestartJobAsync(failed.Id));
            Assert.Equal("FB1003", again.Error.Code);
            Assert.Contains($"{failed.Id} (Reprotect of 'vm-1-name')", again.Error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ASucceededJobAnUnknownJobAndAJobOvertakenByAnotherOperationAreNotRestarted()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 2 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Add("vm-2", ProtectionState.Protected);
            h.SeedPoints("vm-2");
            var succeeded = await h.Orchestrator.UnplannedFailoverAsync("vm-2", Failback.Engine.Orchestration.Operations.UnplannedFailoverInput.Latest);
            Assert.Equal(JobState.Succeeded, succeeded.State);
            Assert.Equal("FB1003", (await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.RestartJobAsync(succeeded.Id))).Error.Code);
            Assert.Equal("FB1003", (await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.RestartJobAsync("job-99"))).Error.Code);

            h.Discovery.Failback = (_, e) => e with { MasterTarget = null };
            var failed = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);
            Assert.Equal([JobNames.Restart], failed.AllowedActions);
            var disabled = await h.Orchestrator.DisableProtectionAsync("vm-1");
            Assert.Equal(JobState.Succeeded, disabled.State);
            Assert.Empty(h.Jobs.Find(failed.Id)!.AllowedActions);
            Assert.Equal("FB1003", (await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.RestartJobAsync(failed.Id))).Error.Code);
            Assert.Equal(ProtectionState.ProtectionDisabledInAzure, h.Orchestrator.Item("vm-1").State);
        });
    }
}
