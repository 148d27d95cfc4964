using Failback.Engine.Components;
using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>The whole cycle of the seed, operation by operation, through the orchestrator and its jobs.</summary>
public sealed class CycleTests
{
    [Fact]
    public void CYC1_FO1_CM2_CM3_WholeCycle_ProtectFailOverReprotectFailBackCommitReprotect()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1");
            h.SeedPoints("vm-1");
            var o = h.Orchestrator;
            Assert.Empty(o.AllowedOperations("vm-1")); // enabling protection is the PUT, not an allowed operation
            Assert.Equal([AsrOperation.EnableProtection], o.PermittedOperations("vm-1"));

            await Succeeds(o.EnableProtectionAsync("vm-1", Harness.Enable));
            Assert.Equal(ProtectionState.InitialReplication, o.Item("vm-1").State);
            Assert.Equal(ReplicationDirection.OnPremisesToAzure, o.Item("vm-1").Direction);
            await o.CompleteInitialReplicationAsync("vm-1");
            Assert.Equal(ProtectionState.Protected, o.Item("vm-1").State);
            Assert.Equal([AsrOperation.UnplannedFailover, AsrOperation.DisableProtection, AsrOperation.TestFailover], o.AllowedOperations("vm-1"));

            await Succeeds(o.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest));
            Assert.Equal(ProtectionState.FailedOverToAzure, o.Item("vm-1").State);
            Assert.Equal(Site.Azure, o.Item("vm-1").ActiveLocation);
            Assert.Null(o.Item("vm-1").Direction);
            Assert.Equal([AsrOperation.Commit, AsrOperation.ChangePit], o.AllowedOperations("vm-1"));

            await Succeeds(o.CommitAsync("vm-1"));
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, o.Item("vm-1").State);
            Assert.Equal([AsrOperation.ReverseReplicate, AsrOperation.DisableProtection], o.AllowedOperations("vm-1"));

            // Stage 1: reprotect Azure to on-premises.
            await Succeeds(o.ReprotectAsync("vm-1", Harness.Back));
            Assert.Equal(ProtectionState.InitialReplicationToOnPremises, o.Item("vm-1").State);
            Assert.Equal(ReplicationDirection.AzureToOnPremises, o.Item("vm-1").Direction);
            await o.CompleteInitialReplicationAsync("vm-1");
            Assert.Equal(ProtectionState.ProtectedToOnPremises, o.Item("vm-1").State);

            // Stage 2: unplanned failover to on-premises, then commit.
            await Succeeds(o.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.LatestAppConsistent));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, o.Item("vm-1").State);
            Assert.Equal(Site.OnPremises, o.Item("vm-1").ActiveLocation);
            await Succeeds(o.CommitAsync("vm-1"));
            Assert.Equal(ProtectionState.FailbackCommitted, o.Item("vm-1").State);
            Assert.Null(o.Item("vm-1").Direction);

            // Stage 3: reprotect on-premises to Azure; once replicated it can fail over again.
            await Succeeds(o.ReprotectAsync("vm-1", Harness.Forward));
            Assert.Equal(ProtectionState.InitialReplication, o.Item("vm-1").State);
            await o.CompleteInitialReplicationAsync("vm-1");
            Assert.Equal(ProtectionState.Protected, o.Item("vm-1").State);
            Assert.Contains(AsrOperation.UnplannedFailover, o.AllowedOperations("vm-1"));

            Assert.Equal(
            [
                "EnableReplication vm-1 OnPremisesToAzure",
                "Recover vm-1 crash-0100 Azure",
                "Commit vm-1",
                "EnableReplication vm-1 AzureToOnPremises",
                "Recover vm-1 app-0050 OnPremises",
                "Commit vm-1",
                "EnableReplication vm-1 OnPremisesToAzure",
            ], h.Replication.Changes);
            Assert.Equal(7, h.Jobs.All().Count);
            Assert.All(h.Jobs.All(), j => Assert.Equal(JobState.Succeeded, j.State));
        });
    }

    [Fact]
    public void FO3_CM1_FailbackShutsTheAzureVmDownAndCommitDeletesIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.ProtectedToOnPremises);
            h.SeedPoints("vm-1");
            h.Machines.AzureVms.Add("vm-1");
            h.Machines.Running.Add(("vm-1", Site.Azure));

            var failback = await h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest);
            Assert.Equal(
                ["Prerequisites check for failover", "Shut down the virtual machine", "Recover the disks to the recovery point", "Start the replica virtual machine"],
                failback.Tasks.Select(t => t.Name));
            Assert.DoesNotContain(("vm-1", Site.Azure), h.Machines.Running);
            Assert.Contains(("vm-1", Site.OnPremises), h.Machines.Running);
            Assert.Contains("vm-1", h.Machines.AzureVms);

            var commit = await h.Orchestrator.CommitAsync("vm-1");
            Assert.Equal(JobState.Succeeded, commit.State);
            Assert.Contains("Delete the Azure virtual machine", commit.Tasks.Select(t => t.Name));
            Assert.DoesNotContain("vm-1", h.Machines.AzureVms);
        });
    }

    [Fact]
    public void FO2_FailoverToAzureUsesTheChosenRecoveryPointAndRecordsIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var id in new[] { "vm-1", "vm-2", "vm-3" })
            {
                h.Add(id, ProtectionState.Protected);
                h.SeedPoints(id);
            }

            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest));
            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-2", UnplannedFailoverInput.LatestAppConsistent));
            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-3", UnplannedFailoverInput.At("crash-0015")));

            Assert.Equal("crash-0100", h.Orchestrator.Item("vm-1").FailoverRecoveryPoint!.Id);
            Assert.Equal("app-0050", h.Orchestrator.Item("vm-2").FailoverRecoveryPoint!.Id);
            Assert.Equal("crash-0015", h.Orchestrator.Item("vm-3").FailoverRecoveryPoint!.Id);
            // Failing over to Azure does not count on the on-premises VM being reachable: no shutdown task.
            Assert.DoesNotContain(h.Machines.Changes, c => c.StartsWith("ShutDown", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void FO2_AppConsistentPointLosesTheDataAfterIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.ProtectedToOnPremises);
            var start = h.Time.GetUtcNow();
            h.Replication.AddPoint("vm-1", start.AddMinutes(30), appConsistent: true);
            var latest = h.Replication.AddPoint("vm-1", start.AddMinutes(55), appConsistent: false);

            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.LatestAppConsistent));

            var used = h.Orchestrator.Item("vm-1").FailoverRecoveryPoint!;
            Assert.True(used.AppConsistent);
            Assert.Equal(TimeSpan.FromMinutes(25), latest.Time - used.Time);
        });
    }

    [Fact]
    public void RP5_POL1_POL2_ReprotectToOnPremisesSelectsTheFailbackPolicyOnItsOwn()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1");
            var forward = new ReplicationPolicy
            {
                Name = "gold", RpoThreshold = TimeSpan.FromMinutes(30), RecoveryPointRetention = TimeSpan.FromHours(72), AppConsistentFrequency = TimeSpan.FromHours(4),
            };
            await Succeeds(h.Orchestrator.EnableProtectionAsync("vm-1", new("ps-onprem-1", forward)));
            await h.Orchestrator.CompleteInitialReplicationAsync("vm-1");
            h.SeedPoints("vm-1");
            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest));
            await Succeeds(h.Orchestrator.CommitAsync("vm-1"));
            await Succeeds(h.Orchestrator.ReprotectAsync("vm-1", Harness.Back));
            await h.Orchestrator.CompleteInitialReplicationAsync("vm-1");
            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest));
            await Succeeds(h.Orchestrator.CommitAsync("vm-1"));
            await Succeeds(h.Orchestrator.ReprotectAsync("vm-1", Harness.Forward));

            var back = h.Replication.Requests.Single(r => r.Direction == ReplicationDirection.AzureToOnPremises);
            Assert.Equal(("gold-failback", TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), TimeSpan.FromMinutes(60), true),
                (back.Policy.Name, back.Policy.RpoThreshold, back.Policy.RecoveryPointRetention, back.Policy.AppConsistentFrequency, back.Policy.IsFailback));
            Assert.Equal(("mt-1", "ps-azure-1", "datastore1", "R:"), (back.MasterTarget, back.ProcessServer, back.Datastore, back.RetentionVolume));
            // The forward policy is untouched: reprotect to Azure uses it again.
            Assert.All(h.Replication.Requests.Where(r => r.Direction == ReplicationDirection.OnPremisesToAzure), r => Assert.Equal(forward, r.Policy));
        });
    }

    [Fact]
    public void RP6_ReprotectIsAJobWhoseProgressCanBeFollowed()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            var start = h.Time.GetUtcNow();

            var job = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);

            Assert.Equal(AsrOperation.ReverseReplicate, job.Operation);
            Assert.Equal("vm-1", job.TargetId);
            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(["Prerequisites check for reprotect", "Prepare the on-premises virtual machine", "Enable reverse replication"], job.Tasks.Select(t => t.Name));
            Assert.All(job.Tasks, t => Assert.Equal((JobState.Succeeded, 100), (t.State, t.PercentComplete)));
            Assert.Equal(start, job.StartTime);
            Assert.Equal(start + h.Discovery.Delay + h.Machines.StepTime + h.Replication.StepTime, job.EndTime);

            // Every change was saved while it ran: the tasks were seen going in order, with intermediate progress.
            var seen = h.Jobs.History.Where(j => j.Id == job.Id).ToList();
            Assert.Equal(JobState.InProgress, seen[0].State);
            var running = seen.Select(j => j.Tasks.Count(t => t.State == JobState.Succeeded)).ToList();
            Assert.Equal(running.Order(), running);
            Assert.Contains(seen, j => j.Tasks[2] is { State: JobState.InProgress, PercentComplete: 50 });
        });
    }

    [Fact]
    public void CYC1_AFailedJobMovesToTheFailedStateFromWhichTheOperationIsRetried()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Replication.Faults["EnableReplication:vm-1"] = FakeReplicationService.Fault(Engine.Orchestration.Errors.ErrorCatalog.AzureVmCannotReachConfigurationServer);

            var failed = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);

            Assert.Equal(JobState.Failed, failed.State);
            Assert.Equal("95226", Assert.Single(failed.Errors).Code);
            Assert.Equal([JobState.Succeeded, JobState.Succeeded, JobState.Failed], failed.Tasks.Select(t => t.State));
            Assert.Equal(ProtectionState.ReprotectToOnPremisesFailed, h.Orchestrator.Item("vm-1").State);
            Assert.Equal("95226", h.Orchestrator.Item("vm-1").LastError!.Code);
            Assert.Equal([AsrOperation.ReverseReplicate, AsrOperation.DisableProtection], h.Orchestrator.AllowedOperations("vm-1"));

            var retried = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);
            Assert.Equal(JobState.Succeeded, retried.State);
            Assert.Equal(ProtectionState.InitialReplicationToOnPremises, h.Orchestrator.Item("vm-1").State);
            Assert.Null(h.Orchestrator.Item("vm-1").LastError);
        });
    }

    [Fact]
    public void FailbackToAHostWithoutMemoryFailsWith8038AndCanBeRetried()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.ProtectedToOnPremises);
            h.SeedPoints("vm-1");
            h.Machines.Faults["Start:vm-1"] = FakeReplicationService.Fault(Engine.Orchestration.Errors.ErrorCatalog.OnPremisesHostOutOfMemory);

            var failed = await h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest);

            Assert.Equal("8038", Assert.Single(failed.Errors).Code);
            Assert.Equal(ProtectionState.FailbackFailed, h.Orchestrator.Item("vm-1").State);
            Assert.Equal(Site.Azure, h.Orchestrator.Item("vm-1").ActiveLocation);
            await Succeeds(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, h.Orchestrator.Item("vm-1").State);
        });
    }

    [Fact]
    public void ER1_ALinkLostMidJobFailsTheJobWithTheConnectivityRule()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Replication.Faults["EnableReplication:vm-1"] = new Engine.Ports.Network.NetworkUnreachableException("vpn-1 is down");

            var job = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);

            var error = Assert.Single(job.Errors);
            Assert.Equal("ER-1", error.Rule);
            Assert.Contains("vpn-1 is down", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ACancelledJobIsCancelledAndTheItemCanRetry()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            using var cancel = new CancellationTokenSource();
            using var timer = h.Time.CreateTimer(_ => cancel.Cancel(), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

            var job = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back, cancel.Token);

            Assert.Equal(JobState.Cancelled, job.State);
            Assert.Equal(JobState.Cancelled, job.Tasks[1].State);
            Assert.Equal(ProtectionState.ReprotectToOnPremisesFailed, h.Orchestrator.Item("vm-1").State);
            Assert.Empty(h.Machines.Changes);
        });
    }

    [Fact]
    public void AJobCancelledDuringItsPrerequisitesChangesNothing()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var item = h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            using var cancel = new CancellationTokenSource();
            using var timer = h.Time.CreateTimer(_ => cancel.Cancel(), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

            var job = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back, cancel.Token);

            Assert.Equal(JobState.Cancelled, job.State);
            Assert.Equal([JobState.Cancelled, JobState.NotStarted, JobState.NotStarted], job.Tasks.Select(t => t.State));
            Assert.Equal(item, h.Orchestrator.Item("vm-1"));
        });
    }

    private static async Task Succeeds(Task<Job> operation)
    {
        var job = await operation;
        Assert.True(job.State == JobState.Succeeded, $"job {job.Id} ({job.Operation}) ended {job.State}: {string.Join("; ", job.Errors)}");
    }
}
