using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Xunit;
using static Failback.Engine.Tests.Cycle.FailbackFailureTests;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// PRE-6 on both simulators: the configuration server is lost with its VM and database, the site fails
/// over to Azure without it, and failback needs it restored from its backup with the same IP address.
/// </summary>
public sealed class ConfigurationServerRestoreTests
{
    [Fact]
    public void PRE6_ALostConfigurationServerRestoredWithItsIpLetsTheItemFailBack()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var id = v.Items.Single().Id;
            var backup = Path.Combine(w.Root, "cs-backup.db");
            var enable = await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            Assert.True(await v.HeartbeatAsync("ps-onprem"));
            v.BackupConfigurationServer(backup);
            await v.AddProcessServerAsync("ps-late", "10.0.9.7"); // registered after the backup: the restored server does not know it

            v.LoseConfigurationServer();
            Assert.False(v.ConfigurationServerRunning);
            Assert.False(File.Exists(v.Settings.ConfigurationDatabasePath));
            Assert.False(await v.HeartbeatAsync("ps-onprem"));
            Assert.Null(v.LastHeartbeat("ps-onprem"));
            Assert.Equal("PRE-6", Assert.Throws<AsrException>(() => v.ConfigurationServer).Error.Rule);
            Assert.Equal("PRE-6", (await Assert.ThrowsAsync<AsrException>(() => v.AddProcessServerAsync("ps-new", "10.0.9.8"))).Error.Rule);
            Assert.DoesNotContain(v.ProcessServers, p => p.Name == "ps-new");

            Assert.Contains(v.Jobs, j => j.Id == enable.Id); // the vault still lists the jobs stored before the loss

            // The disaster: failover to Azure and commit work without the configuration server.
            Write(v.GuestDisks(id)![0], 0, 8192, 1);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            var failover = await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            await Succeeds(v.CommitAsync(id));
            await RefusedAsync(w, id, "PRE-6"); // failback needs the configuration server on-premises

            // Another IP address is refused and writes nothing.
            var wrongIp = await Assert.ThrowsAsync<AsrException>(() => v.RestoreConfigurationServerAsync(backup, "10.0.9.99"));
            Assert.Equal("FB7005", wrongIp.Error.Code);
            Assert.Contains("same address", wrongIp.Message, StringComparison.Ordinal);
            Assert.False(v.ConfigurationServerRunning);
            Assert.False(File.Exists(v.Settings.ConfigurationDatabasePath));

            await v.RestoreConfigurationServerAsync(backup, "10.0.9.5");
            Assert.True(v.ConfigurationServerRunning);
            Assert.NotNull(v.LastHeartbeat("ps-onprem")); // heartbeats resume
            Assert.DoesNotContain(v.ProcessServers, p => p.Name == "ps-late");
            var db = v.ConfigurationServer.Database;
            var record = Assert.Single(db.Items());
            Assert.Equal((id, nameof(ProtectionState.FailoverCommittedInAzure), nameof(Site.Azure)), (record.SourceMachineId, record.ProtectionState, record.ActiveLocation));
            // Jobs: the ones in the backup, and those the vault ran while the server was lost, now stored.
            Assert.Contains(db.Jobs(), j => j.Id == enable.Id);
            Assert.Contains(db.Jobs(), j => j.Id == failover.Id && j.State == nameof(JobState.Succeeded));
            Assert.Equal(v.Jobs.Select(j => j.Id).Order(), db.Jobs().Select(j => j.Id).Order());

            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, v.Item(id).State);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, v.Item(id).State);
        });
    }

    [Fact]
    public void PRE6_TheConfigurationDatabaseRecordsTheItemsStateAfterEveryTransitionSoABackupHoldsIt()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var id = v.Items.Single().Id;
            (string State, string Location) Recorded() =>
                v.ConfigurationServer.Database.Items().Where(r => r.SourceMachineId == id).Select(r => (r.ProtectionState, r.ActiveLocation)).Single();

            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            // A small disk's initial copy can end before the enabling job does: the item then moves on at the job's end.
            Assert.Contains(v.Item(id).State, new[] { ProtectionState.InitialReplication, ProtectionState.Protected });
            Assert.Equal((v.Item(id).State.ToString(), nameof(Site.OnPremises)), Recorded());
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal((nameof(ProtectionState.Protected), nameof(Site.OnPremises)), Recorded());
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            Assert.Equal((nameof(ProtectionState.FailedOverToAzure), nameof(Site.Azure)), Recorded());

            var backup = Path.Combine(w.Root, "cs-backup.db");
            v.BackupConfigurationServer(backup);
            using (var copy = ConfigurationDatabase.Open(backup))
                Assert.Equal(nameof(ProtectionState.FailedOverToAzure), copy.Items().Single(r => r.SourceMachineId == id).ProtectionState);

            await Succeeds(v.CommitAsync(id));
            Assert.Equal((nameof(ProtectionState.FailoverCommittedInAzure), nameof(Site.Azure)), Recorded());
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal((nameof(ProtectionState.ProtectedToOnPremises), nameof(Site.Azure)), Recorded());
        });
    }

    [Fact]
    public void PRE6_AnItemProtectedAfterTheBackupIsNotInTheRestoredDatabaseAndCannotFailBack()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var id = v.Items.Single().Id;
            var backup = Path.Combine(w.Root, "cs-backup.db");
            v.BackupConfigurationServer(backup); // before app-01 is protected
            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            await Succeeds(v.CommitAsync(id));
            v.LoseConfigurationServer();
            await v.RestoreConfigurationServerAsync(backup, "10.0.9.5");

            Assert.Empty(v.ConfigurationServer.Database.Items());
            await RefusedAsync(w, id, "PRE-6");
            var job = v.Jobs[^1];
            Assert.Contains("protected after the database's backup", job.Errors.Single(e => e.Rule == "PRE-6").Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void PRE6_FailingBackWhileTheConfigurationServerIsLostIsRefusedBeforeAnythingChanges()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            var backup = Path.Combine(w.Root, "cs-backup.db");
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            v.BackupConfigurationServer(backup);
            v.LoseConfigurationServer();
            Assert.Equal("PRE-6", Assert.Throws<AsrException>(() => v.BackupConfigurationServer(backup + "2")).Error.Rule);

            var points = v.RecoveryPoints(id).Count;
            var job = await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest);
            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal("PRE-6", Assert.Single(job.Errors).Rule);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, v.Item(id).State);
            Assert.NotNull(v.AzureVm(id));
            Assert.NotNull(v.GuestDisks(id)); // the reverse replication still runs
            Assert.True(v.RecoveryPoints(id).Count >= points);

            await v.RestoreConfigurationServerAsync(backup, "10.0.9.5");
            await Assert.ThrowsAsync<InvalidOperationException>(() => v.RestoreConfigurationServerAsync(backup, "10.0.9.5"));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, v.Item(id).State);
        });
    }
}
