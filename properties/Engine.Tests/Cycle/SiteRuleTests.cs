using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Components;
using Failback.Engine.Replication;
using Failback.Simulators.Azure.Connectivity;
using Xunit;
using static Failback.Engine.Tests.Cycle.FailbackFailureTests;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// Seed rules on both simulators: the site is changed the way the rule describes, and failback is refused
/// with the rule's code before anything changes (or, for a failure during the job, fails it and can be retried).
/// </summary>
public sealed class SiteRuleTests
{
    [Fact]
    public void TS6_AMasterTargetInAVCenterTheConfigurationServerDoesNotDiscoverIsRefused()
    {
        using var w = new CycleWorld();
        w.AddSecondVCenter();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            await v.AddVCenterAsync(CycleWorld.Vc2, CycleWorld.Admin, CycleWorld.Password);
            await v.AddMasterTargetAsync("mt-02", [new VolumeInfo("C:", "NTFS", 100L << 30), new VolumeInfo("R:", "NTFS", 200L << 30)], "R:", CycleWorld.Vc2);
            var toVc2 = Back with { MasterTarget = "mt-02", Datastore = "ds3" };
            Assert.True(v.RemoveVCenter(CycleWorld.Vc2));
            await RefusedAsync(w, id, "TS-6", toVc2);

            // Discovered again, the datastores of vc2 are visible: TS-6 is gone (the original VM's ds1 is still out of esxi-03's reach, LOC-5).
            await v.AddVCenterAsync(CycleWorld.Vc2, CycleWorld.Admin, CycleWorld.Password);
            var job = await v.ReprotectAsync(id, toVc2);
            Assert.DoesNotContain(job.Errors, e => e.Rule is "TS-6" or "LOC-4");
            Assert.Contains(job.Errors, e => e.Code == "8061");
        });
    }

    [Fact]
    public void PRE2_AVpnThatDoesNotEndOnTheNetworkHoldingTheVmIsRefused()
    {
        using var w = new CycleWorld(vpn: false);
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await w.AddVpnAsync(await w.AddVnetAsync("hub-net", "10.2"));
            await RefusedAsync(w, id, "PRE-2");
            Assert.DoesNotContain(w.Vault.Job(w.Vault.Jobs[^1].Id)!.Errors, e => e.Rule == "ER-1"); // a link exists, on the wrong network
        });
    }

    [Fact]
    public void PRE2_95226_AnAzureVmThatCannotReachTheConfigurationServerIsRefused()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var vm = await w.Azure.GetAsync<VirtualMachine>(w.Vault.AzureVm(id)!, w.Sim.Clock);
            w.Azure.Network.AddFirewallRule(new FirewallRule("vm-to-cs", 100, FirewallAction.Deny) { Source = vm.PrivateIpAddresses[0], Destination = "10.0.9.5", Port = 443 });
            await RefusedAsync(w, id, "95226");
            w.Azure.Network.RemoveFirewallRule("vm-to-cs");
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
        });
    }

    [Fact]
    public void ER2_ExpressRouteOnAnotherVirtualNetworkIsRefused()
    {
        using var w = new CycleWorld(vpn: false);
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await w.AddExpressRouteAsync(await w.AddVnetAsync("other-net", "10.2"), PeeringType.AzurePrivatePeering, PeeringType.MicrosoftPeering);
            await RefusedAsync(w, id, "ER-2");
        });
    }

    [Fact]
    public void ER3_ExpressRouteWithoutPublicPeeringIsRefusedAndWithItFailbackRuns()
    {
        using var w = new CycleWorld(vpn: false);
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var circuit = await w.AddExpressRouteAsync(await w.RecoveryNetworkAsync(), PeeringType.AzurePrivatePeering);
            await RefusedAsync(w, id, "ER-3");
            await w.Azure.CreateOrUpdateAsync(circuit.Id!, circuit with
            {
                Peerings = [new ExpressRoutePeering(PeeringType.AzurePrivatePeering), new ExpressRoutePeering(PeeringType.MicrosoftPeering)],
            }, w.Sim.Clock);
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
            await w.Vault.WaitForInitialReplicationAsync(id);
            Assert.Contains(w.Azure.Network.BytesByLink.Keys, k => k.StartsWith("er:er-1/private", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void PRE4_AnOriginalVmWithSnapshotsIsRefusedUntilTheyAreDeleted()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var session = await w.AdminSessionAsync();
            var vm = w.Vault.OnPremisesVm(id)!.Value;
            await session.WaitForTaskResultAsync(await session.CreateSnapshotAsync(vm, "before-upgrade"));
            await RefusedAsync(w, id, "PRE-4");
            Assert.True((await session.GetVirtualMachineAsync(vm)).HasSnapshots); // the refusal left the snapshot alone
            await session.WaitForTaskResultAsync(await session.RemoveAllSnapshotsAsync(vm));
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
        });
    }

    [Fact]
    public void PRE7_DiskEnableUuidMustBeTrueExactlyInTheValueTheRunningMasterTargetUses()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var session = await w.AdminSessionAsync();
            var mt = (await session.RetrieveInventoryAsync()).Vms.Single(x => x.Name == "mt-01").MoRef;
            async Task SetEnableUuid(string value)
            {
                await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(mt));
                await session.WaitForTaskResultAsync(await session.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = value } }));
                await session.WaitForTaskResultAsync(await session.PowerOnVmAsync(mt));
            }
            // vSphere accepts a configuration parameter on a running VM; it takes effect at the next power cycle, so the
            // master target still uses True and reprotect is not refused for the configured False until then.
            await session.WaitForTaskResultAsync(await session.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "False" } }));
            Assert.Equal(("False", "True"), ((await session.GetVirtualMachineAsync(mt)).ExtraConfig["disk.EnableUUID"], (await session.GetVirtualMachineAsync(mt)).ExtraConfigInEffect!["disk.EnableUUID"]));

            await SetEnableUuid("true"); // case-sensitive
            await RefusedAsync(w, id, "PRE-7");
            await SetEnableUuid(""); // the row removed
            await RefusedAsync(w, id, "PRE-7");
            await SetEnableUuid("True");
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
        });
    }

    [Fact]
    public void PRE8_AStorageVMotionedMasterTargetIsRefused()
    {
        using var w = new CycleWorld();
        var ds3 = w.VSphere.AddDatastore("ds3", DatastoreType.Vmfs, 1L << 30, w.Esxi1, w.Esxi2);
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var session = await w.AdminSessionAsync();
            var inventory = await session.RetrieveInventoryAsync();
            var mt = inventory.Vms.Single(x => x.Name == "mt-01").MoRef;
            await session.WaitForTaskResultAsync(await session.RelocateVmAsync(mt, new VirtualMachineRelocateSpec(inventory.Datastores.Single(d => d.Name == "ds3").MoRef)));
            await RefusedAsync(w, id, "PRE-8");
        });
    }

    [Fact]
    public void LOC7_78052_ANewVmCannotTakeANameAlreadyUsedOnTheMasterTargetHost()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var session = await w.AdminSessionAsync();
            var original = w.Vault.OnPremisesVm(id)!.Value;
            await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(original));
            await session.WaitForTaskResultAsync(await session.DestroyVmAsync(original));
            // Someone else created an app-01 on the master target's host meanwhile.
            w.VSphere.CreateVm(w.Esxi1, w.Ds1, new VirtualMachineConfigSpec { Name = "app-01", GuestId = "ubuntu64Guest", MemoryMB = 512, NumCpu = 1, AddDisks = [new VirtualDiskSpec(1L << 20)] });
            var vms = w.VSphere.Vms.Count();
            var job = await w.Vault.ReprotectAsync(id, Back);
            Assert.Equal(JobState.Failed, job.State);
            Assert.Contains(job.Errors, e => e.Code == "78052");
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, w.Vault.Item(id).State);
            Assert.Equal(vms, w.VSphere.Vms.Count());
        });
    }

    [Fact]
    public void E78093_AnAzureVmThatIsNotRunningCannotBeReprotected()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await w.Azure.ActionAsync(w.Vault.AzureVm(id)!, "powerOff", w.Sim.Clock);
            await RefusedAsync(w, id, "78093");
            Assert.Equal(PowerState.Stopped, (await w.Azure.GetAsync<VirtualMachine>(w.Vault.AzureVm(id)!, w.Sim.Clock)).PowerState);
        });
    }

    [Fact]
    public void E8038_AHostWithoutMemoryFailsTheFailbackWhichIsRetriedOnceMemoryIsFree()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            // app-01 reserves its memory, and another VM on its host (esxi-02) reserves what is left: ESXi overcommits
            // configured memory, so only reservations stop a power-on.
            var session0 = await w.AdminSessionAsync();
            var app = v.OnPremisesVm(id)!.Value;
            await session0.WaitForTaskResultAsync(await session0.ReconfigureVmAsync(app, new VirtualMachineConfigSpec { MemoryReservationMB = 2048 }));
            var hog = w.VSphere.CreateVm(w.Esxi2, w.Ds1, new VirtualMachineConfigSpec { Name = "hog", GuestId = "ubuntu64Guest", MemoryMB = 63 * 1024, MemoryReservationMB = 63 * 1024, NumCpu = 4, AddDisks = [new VirtualDiskSpec(1L << 20)] });
            w.VSphere.SetPowerState(hog, VirtualMachinePowerState.PoweredOn);

            var failed = await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest);
            Assert.Equal(JobState.Failed, failed.State);
            Assert.Equal("8038", Assert.Single(failed.Errors).Code);
            Assert.Equal(ProtectionState.FailbackFailed, v.Item(id).State);
            var session = await w.AdminSessionAsync();
            Assert.Equal(VirtualMachinePowerState.PoweredOff, (await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value)).PowerState);

            w.VSphere.SetPowerState(hog, VirtualMachinePowerState.PoweredOff);
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            Assert.Equal(ProtectionState.FailedBackToOnPremises, v.Item(id).State);
            Assert.Equal(v.LastFailover(id)!.Point.Id, v.Item(id).FailoverRecoveryPoint!.Id); // the point the first attempt recovered to
            Assert.Equal(VirtualMachinePowerState.PoweredOn, (await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value)).PowerState);
        });
    }

    [Fact]
    public void TS2_TS3_TheFailedBackVmBootsOnPremisesWithDhcpAndWithoutNetworkManager()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            var session = await w.AdminSessionAsync();
            var vm = v.OnPremisesVm(id)!.Value;
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));

            var guest = await session.ReadGuestAsync(vm); // what the VM reports through VMware Tools on-premises
            Assert.Equal(AddressMode.Dhcp, guest.Nics[0].Mode); // TS-3: the static address must be set again by hand
            Assert.DoesNotContain("NetworkManager", guest.Packages); // TS-2
            Assert.Contains("httpd", guest.Packages);
            // The guest is written only while the VM's disks are not in use.
            var onFault = await Assert.ThrowsAsync<VSphereFault>(() => session.WriteGuestAsync(vm, CycleWorld.AppGuest));
            Assert.Equal(VSphereFaultType.InvalidState, onFault.FaultType);
        });
    }

    private static GuestState PhysicalGuest(string os, bool linux) => new()
    {
        OsName = os, IsLinux = linux, HostName = "phys-01",
        Nics = [new GuestNic(linux ? "eth0" : "Ethernet0", AddressMode.Static, "10.0.5.30")],
    };

    private static async Task<string> PhysicalFailedOverAsync(CycleWorld w)
    {
        await w.SetUpAsync();
        var v = w.Vault;
        var id = (await v.AddPhysicalServerAsync("10.0.5.30", "root", "Phys!cal1")).Id;
        await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
        await v.WaitForInitialReplicationAsync(id);
        Write(v.GuestDisks(id)![0], 0, 16384, 5);
        await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
        await v.WaitForCatchUpAsync(id);
        await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        await Succeeds(v.CommitAsync(id));
        return id;
    }

    private static CycleWorld PhysicalWorld(GuestState guest)
    {
        var w = new CycleWorld();
        w.VSphere.AddPhysicalServer("phys-01", "10.0.5.30", "root", "Phys!cal1", guest, CycleWorld.DiskSize);
        w.Azure.Network.RegisterHost("phys-01", "10.0.5.30", CycleWorld.Site);
        return w;
    }

    [Fact]
    public void LOC2_APhysicalServerFailsBackToANewVmwareVm()
    {
        using var w = PhysicalWorld(PhysicalGuest("CentOS 7.9", linux: true));
        w.Run(async () =>
        {
            var id = await PhysicalFailedOverAsync(w);
            var v = w.Vault;
            Assert.Null(v.OnPremisesVm(id));
            await Succeeds(v.ReprotectAsync(id, Back));
            var session = await w.AdminSessionAsync();
            var created = await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value);
            var mt = (await session.RetrieveInventoryAsync()).Vms.Single(x => x.Name == "mt-01");
            Assert.Equal(("phys-01", mt.Host), (created.Name, created.Host));
            var truth = new GroundTruth(w.Sim.Clock);
            var guest = truth.Record("disk-0", v.GuestDisks(id)![0]);
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(InitialReplicationMode.FullCopy, Assert.Single(v.InitialReplication(id)).Mode);
            Write(guest, 8192, 4096, 6);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await v.WaitForCatchUpAsync(id);
            var point = v.RecoveryPoints(id)[^1];
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.At(point.Id)));
            var vm = await session.GetVirtualMachineAsync(created.MoRef);
            Assert.Equal(VirtualMachinePowerState.PoweredOn, vm.PowerState);
            Assert.Equal(MachineKind.PhysicalServer, v.Item(id).Kind); // protected as physical, back as a VM
            using var disk = await session.OpenGuestDiskAsync(vm.MoRef, vm.Disks[0].Key);
            Assert.Null(truth.FirstDifference("disk-0", point.Sequence, disk));
        });
    }

    [Fact]
    public void LOC3_WindowsServer2008R2Sp1ProtectedAsPhysicalCannotFailBack()
    {
        using var w = PhysicalWorld(PhysicalGuest(ProtectedItem.WindowsServer2008R2Sp1, linux: false));
        w.Run(async () =>
        {
            var id = await PhysicalFailedOverAsync(w); // failover to Azure works
            var v = w.Vault;
            var jobs = v.Jobs.Count;
            var vms = w.VSphere.Vms.Count();
            var refused = await Assert.ThrowsAsync<AsrException>(() => v.ReprotectAsync(id, Back));
            Assert.Equal("LOC-3", refused.Error.Rule);
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, v.Item(id).State);
            Assert.Equal((jobs, vms), (v.Jobs.Count, w.VSphere.Vms.Count()));
            Assert.NotNull(v.AzureVm(id));
            Assert.DoesNotContain(AsrOperation.ReverseReplicate, v.AllowedOperations(id));
        });
    }

    [Fact]
    public void PRE3_AnAccountThatCannotDiscoverVmsCannotFailBack()
    {
        using var w = new CycleWorld();
        w.Vc.AddAccount("novms@vsphere.local", CycleWorld.Password, w.Vc.AddRole("NoVms", []));
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await w.Vault.AddVCenterAsync(CycleWorld.Vc1, "novms@vsphere.local", CycleWorld.Password);
            await RefusedAsync(w, id, "PRE-3");
            await w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password); // the privileged account again
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
        });
    }

    [Fact]
    public void PRE5_AProcessServerInAzureMustRunDuringFailback()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            var ps = w.Vault.ProcessServers.Single(p => p.Name == "ps-azure");
            ps.StopServices();
            await RefusedAsync(w, id, "PRE-5");
            ps.StartServices();
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
        });
    }

    [Fact]
    public void LOC4_AMasterTargetThatIsNotRegisteredIsRefused()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await RefusedAsync(w, id, "LOC-4", Back with { MasterTarget = "mt-09" });
        });
    }

    [Fact]
    public void RP4_PRE9_TheCacheVolumeIsNotARetentionDrive()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await RefusedAsync(w, id, "RP-4", Back with { RetentionVolume = "C:" }); // where the master target is installed
            await RefusedAsync(w, id, "RP-4", Back with { RetentionVolume = "S:" }); // no such volume
        });
    }

    [Fact]
    public void CYC2_AnOnPremisesProcessServerSendsFailbackDataOnlyOverExpressRoute()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndCommittedAsync(w);
            await RefusedAsync(w, id, "CYC-2", Back with { ProcessServer = "ps-onprem" }); // over the VPN
            await w.AddExpressRouteAsync(await w.RecoveryNetworkAsync(), PeeringType.AzurePrivatePeering, PeeringType.MicrosoftPeering);
            await Succeeds(w.Vault.ReprotectAsync(id, Back with { ProcessServer = "ps-onprem" }));
            await w.Vault.WaitForInitialReplicationAsync(id);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, w.Vault.Item(id).State);
        });
    }

    [Fact]
    public void LOC6_8061_AVmOnAStandaloneHostNeedsItsDatastoreOnTheMasterTargetHost()
    {
        using var w = new CycleWorld();
        var standalone = w.VSphere.AddHost("esxi-09.corp.local", "10.0.0.19", "7.0.0", LicenseEdition.Enterprise, CycleWorld.Password, memoryBytes: 64L << 30);
        var local = w.VSphere.AddDatastore("local-09", DatastoreType.Vmfs, 1L << 30, standalone);
        w.VSphere.AddNetwork("VM Network", standalone);
        var legacy = w.VSphere.CreateVm(standalone, local, new VirtualMachineConfigSpec
        {
            Name = "legacy-01", GuestId = "centos7_64Guest", MemoryMB = 2048, NumCpu = 2,
            AddDisks = [new VirtualDiskSpec(CycleWorld.DiskSize)], AddNics = [new VirtualNicSpec("VM Network")],
        }, CycleWorld.AppGuest with { HostName = "legacy-01", Nics = [new GuestNic("eth0", AddressMode.Static, "10.0.5.40")] });
        w.VSphere.SetPowerState(legacy, VirtualMachinePowerState.PoweredOn);
        w.Azure.Network.RegisterHost("legacy-01", "10.0.5.40", CycleWorld.Site);
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            await v.AddVCenterAsync("esxi-09.corp.local", "root", CycleWorld.Password); // a host no vCenter manages
            var id = (await v.AddVirtualMachineAsync("legacy-01", "esxi-09.corp.local")).Id;
            await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            await Succeeds(v.CommitAsync(id));

            var job = await v.ReprotectAsync(id, Back);
            Assert.Equal(JobState.Failed, job.State);
            Assert.Contains(job.Errors, e => (e.Code, e.Rule) == ("8061", "LOC-6"));
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, v.Item(id).State);

            w.VSphere.Mount(local, w.Esxi1); // the master target's host reaches the VM's datastore now
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            Assert.Equal(InitialReplicationMode.DeltaResync, Assert.Single(v.InitialReplication(id)).Mode); // LOC-1: the original VM's disks
        });
    }
}
