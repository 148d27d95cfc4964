using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Failback.Simulators.Azure.Connectivity;
using Xunit;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// Failback's failure modes as the real simulators produce them: the item is failed over and committed
/// in Azure, the world is changed, and reprotect to on-premises is refused by its prerequisite check
/// with the rule's code, leaving the item and both sites as they were.
/// </summary>
public sealed class FailbackFailureTests
{
    internal static async Task<string> FailedOverAndCommittedAsync(CycleWorld w)
    {
        await w.SetUpAsync();
        var v = w.Vault;
        var id = v.Items.Single().Id;
        await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
        await v.WaitForInitialReplicationAsync(id);
        Write(v.GuestDisks(id)![0], 0, 8192, 1);
        await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
        await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        await Succeeds(v.CommitAsync(id));
        return id;
    }

    /// <summary>Reprotect must fail its prerequisite check with <paramref name="code"/> (ASR's numeric code, or else the seed rule
    /// of the project's own code) and change nothing in vSphere, Azure or the database (<see cref="WorldSnapshot"/>).</summary>
    internal static async Task RefusedAsync(CycleWorld w, string id, string code, ReprotectToOnPremisesInput? input = null)
    {
        var v = w.Vault;
        var job = await WorldSnapshot.RefusedWithoutEffectAsync(w, () => v.ReprotectAsync(id, input ?? Back), code);
        Assert.NotNull(job); // a job, failed at its prerequisite check
        Assert.Equal(ProtectionState.FailoverCommittedInAzure, v.Item(id).State);
        Assert.Equal(JobState.Failed, v.Job(job.Id)!.State); // stored in the configuration server's database
    }

    [Fact]
    public void TS4_FreeEsxiLicenceLetsFailoverWorkButFailbackFails()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w); // failover worked
            var session = await w.VSphere.LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
            var inventory = await session.RetrieveInventoryAsync();
            var host = inventory.Hosts.Single(h => h.Name == "esxi-01.corp.local");
            await session.WaitForTaskResultAsync(await session.AssignLicenseAsync(host.MoRef, "FREE-2222"));
            await RefusedAsync(w, id, "TS-4");
        });
    }

    [Fact]
    public void TS1_AReadOnlyVCenterAccountCannotFailBack()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password);
            await RefusedAsync(w, id, "TS-1");
        });
    }

    [Fact]
    public void TS5_AProcessServerWithoutPort443HasNoHeartbeat()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var ps = w.Vault.ProcessServers.Single(p => p.Name == "ps-azure");
            w.Azure.Network.AddFirewallRule(new FirewallRule("block-443", 100, FirewallAction.Deny) { Source = ps.IpAddress, Port = 443 });
            await RefusedAsync(w, id, "TS-5");
        });
    }

    [Fact]
    public void ER1_WithoutVpnOrExpressRouteFailbackIsRefused()
    {
        using var w = new CycleWorld(vpn: false);
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w); // to Azure over the internet breakout
            await RefusedAsync(w, id, "ER-1");
        });
    }

    [Fact]
    public void PRE6_AnItemMissingFromTheConfigurationServerDatabaseCannotFailBack()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            // As after restoring the configuration server from a backup taken before the item was protected.
            var db = w.Vault.ConfigurationServer.Database;
            db.DeleteItem(db.Items().Single().Id);
            await RefusedAsync(w, id, "PRE-6");
        });
    }

    [Fact]
    public void LOC5_8061_ADatastoreTheMasterTargetHostDoesNotMountIsRefused()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await RefusedAsync(w, id, "8061", Back with { Datastore = "ds2" }); // ds2 is on esxi-02 only
        });
    }

    [Fact]
    public void LOC7_LOC8_RP7_WithoutTheOriginalVmFailbackCreatesAVmOnTheMasterTargetHost()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            var session = await w.VSphere.LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
            var original = v.OnPremisesVm(id)!.Value;
            await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(original));
            await session.WaitForTaskResultAsync(await session.DestroyVmAsync(original));

            await Succeeds(v.ReprotectAsync(id, Back));
            var created = await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value);
            Assert.NotEqual(original, created.MoRef);
            var mt = (await session.RetrieveInventoryAsync()).Vms.Single(x => x.Name == "mt-01");
            Assert.Equal(mt.Host, created.Host); // LOC-7: on the master target's host
            Assert.Equal("ds1", (await session.GetDatastoreAsync(created.Datastores[0])).Name); // RP-7: the chosen datastore
            var truth = new GroundTruth(w.Sim.Clock);
            var guest = truth.Record("disk-0", v.GuestDisks(id)![0]);
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(InitialReplicationMode.FullCopy, Assert.Single(v.InitialReplication(id)).Mode);
            Write(guest, 4096, 4096, 9);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await v.WaitForCatchUpAsync(id);
            var point = v.RecoveryPoints(id)[^1];
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.At(point.Id)));
            var vm = await session.GetVirtualMachineAsync(created.MoRef);
            Assert.Equal(VirtualMachinePowerState.PoweredOn, vm.PowerState);
            using var disk = await session.OpenGuestDiskAsync(vm.MoRef, vm.Disks[0].Key);
            Assert.Null(truth.FirstDifference("disk-0", point.Sequence, disk));
        });
    }
}
