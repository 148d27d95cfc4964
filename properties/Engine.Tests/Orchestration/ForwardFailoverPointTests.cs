using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Ports.Network;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// The forward failover's point choices as ASR offers them: Latest synchronizes the latest changes first and fails over to
/// the point made from them; "Shut down machine before beginning failover" shuts the source down first, and a failed
/// shut-down does not stop the failover.
/// </summary>
public sealed class ForwardFailoverPointTests
{
    private static readonly string[] LatestTasks =
        [JobNames.PrerequisitesCheck(AsrOperation.UnplannedFailover), JobNames.SynchronizeLatestChanges, JobNames.RecoverDisks, JobNames.StartReplicaVm];

    [Fact]
    public void FO2_LatestFailsOverToThePointItsSynchronizationMade()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            var processed = h.Replication.AddPoint("vm-1", h.Time.GetUtcNow().AddMinutes(-10), appConsistent: false);

            var job = await h.Orchestrator.UnplannedFailoverAsync("vm-1", new UnplannedFailoverInput(RecoveryPointType.Latest));

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(LatestTasks, job.Tasks.Select(t => t.Name));
            var used = h.Orchestrator.Item("vm-1").FailoverRecoveryPoint!;
            Assert.True(used.Time > processed.Time);
            Assert.Contains("SynchronizeLatestChanges vm-1 process server", h.Replication.Changes);
            Assert.Contains($"Recover vm-1 {used.Id} Azure", h.Replication.Changes);
            Assert.DoesNotContain(h.Machines.Changes, c => c.StartsWith("ShutDown", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void FO2_LatestProcessedUsesTheNewestListedPointWithoutSynchronizing()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            var processed = h.Replication.AddPoint("vm-1", h.Time.GetUtcNow().AddMinutes(-10), appConsistent: false);

            var job = await h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest);

            Assert.DoesNotContain(JobNames.SynchronizeLatestChanges, job.Tasks.Select(t => t.Name));
            Assert.Equal(processed.Id, h.Orchestrator.Item("vm-1").FailoverRecoveryPoint!.Id);
        });
    }

    [Fact]
    public void FO2_ShutDownFirstSynchronizesFromTheStoppedSource()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            h.Replication.AddPoint("vm-1", h.Time.GetUtcNow().AddMinutes(-10), appConsistent: false);

            var job = await h.Orchestrator.UnplannedFailoverAsync("vm-1", new UnplannedFailoverInput(RecoveryPointType.Latest) { ShutDownSource = true });

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal([LatestTasks[0], JobNames.ShutDownVm, .. LatestTasks[1..]], job.Tasks.Select(t => t.Name));
            Assert.Contains("ShutDown vm-1 OnPremises", h.Machines.Changes);
            Assert.Contains("SynchronizeLatestChanges vm-1 source", h.Replication.Changes);
        });
    }

    [Fact]
    public void FO2_AFailedShutDownDoesNotStopTheFailover()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            h.Replication.AddPoint("vm-1", h.Time.GetUtcNow().AddMinutes(-10), appConsistent: false);
            h.Machines.Faults["ShutDown:vm-1"] = new NetworkUnreachableException("vcsa-01.lab.local does not answer");

            var job = await h.Orchestrator.UnplannedFailoverAsync("vm-1", new UnplannedFailoverInput(RecoveryPointType.Latest) { ShutDownSource = true });

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(ProtectionState.FailedOverToAzure, h.Orchestrator.Item("vm-1").State);
            // The source may still run: the changes are synchronized from the process server only.
            Assert.Contains("SynchronizeLatestChanges vm-1 process server", h.Replication.Changes);
        });
    }
}
