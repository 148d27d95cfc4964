using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>The seed's rules the simulated site models, one test per rule, named with its ID.</summary>
public sealed class RuleTests
{
    /// <summary>
    /// ReconfigVM accepts extraConfig on a running VM as the API does (vcsim applies it without a power check): the
    /// configuration and the .vmx show it at once, the running VM uses it from its next power-on.
    /// </summary>
    [Fact]
    public void PRE7_AConfigurationParameterSetWhileRunningTakesEffectAtTheNextPowerCycle()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.Empty((await s.GetVirtualMachineAsync(vm)).ExtraConfigInEffect!);

            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "TRUE" } }));
            var running = await s.GetVirtualMachineAsync(vm);
            Assert.Equal("TRUE", running.ExtraConfig["disk.EnableUUID"]);
            Assert.False(running.ExtraConfigInEffect!.ContainsKey("disk.EnableUUID"));
            // The row is in the .vmx file at once, as ESXi writes it.
            Assert.Contains("disk.EnableUUID = \"TRUE\"", File.ReadAllText(t.Ds1.LocalPath(t.MasterTarget.VmxFile)));

            await s.WaitForTaskResultAsync(await s.PowerOffVmAsync(vm));
            Assert.Null((await s.GetVirtualMachineAsync(vm)).ExtraConfigInEffect);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.Equal("TRUE", (await s.GetVirtualMachineAsync(vm)).ExtraConfigInEffect!["disk.EnableUUID"]);
        });
    }

    /// <summary>Varied: powered off, a change is in effect at the power-on; a removal (empty value) made while running waits for the next one.</summary>
    [Fact]
    public void PRE7_ARemovalWhileRunningKeepsTheValueInEffectUntilThePowerCycle()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.App);
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "True", ["guestinfo.role"] = "db" } }));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.Equal("True", (await s.GetVirtualMachineAsync(vm)).ExtraConfigInEffect!["disk.EnableUUID"]);

            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "" } }));
            var info = await s.GetVirtualMachineAsync(vm);
            Assert.False(info.ExtraConfig.ContainsKey("disk.EnableUUID"));
            Assert.Equal(("True", "db"), (info.ExtraConfigInEffect!["disk.EnableUUID"], info.ExtraConfigInEffect["guestinfo.role"]));

            await s.WaitForTaskResultAsync(await s.PowerOffVmAsync(vm));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.False((await s.GetVirtualMachineAsync(vm)).ExtraConfigInEffect!.ContainsKey("disk.EnableUUID"));
        });
    }

    [Fact]
    public void PRE7_DisksCanBeHotAddedButNotCpusOrTheControllerWhilePoweredOn()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { AddDisks = [new VirtualDiskSpec(8L << 20)] }));
            Assert.Equal(2, (await s.GetVirtualMachineAsync(vm)).Disks.Count);
            var cpu = await s.WaitForTaskAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { NumCpu = 4 }));
            Assert.Equal(VSphereFaultType.InvalidPowerState, cpu.Error!.FaultType);
            var controller = await s.WaitForTaskAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { ScsiController = ScsiControllerType.ParaVirtual }));
            Assert.Equal(VSphereFaultType.InvalidPowerState, controller.Error!.FaultType);
        });
    }

    [Fact]
    public void PRE8_StorageVMotionIsRecordedAndTheOldDiskPathsAreGone()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            var before = await s.GetVirtualMachineAsync(vm);
            Assert.Empty(before.MigrationHistory);
            var oldDisk = before.Disks[0].FileName;

            await s.WaitForTaskResultAsync(await s.RelocateVmAsync(vm,
                new VirtualMachineRelocateSpec(t.VCenter1.MoRefOf(t.Ds2), t.VCenter1.MoRefOf(t.Esxi2))));

            var after = await s.GetVirtualMachineAsync(vm);
            var move = Assert.Single(after.MigrationHistory);
            Assert.Equal(MigrationRecord.StorageVMotion, move.Kind);
            Assert.Equal(("ds1", "ds2"), (move.FromDatastore, move.ToDatastore));
            Assert.StartsWith("[ds2] ", after.Disks[0].FileName);
            Assert.StartsWith("[ds2] ", after.VmPathName);
            // What failback had recorded of the master target's disks no longer exists.
            var gone = await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi2), oldDisk, writable: false));
            Assert.Equal(VSphereFaultType.FileNotFound, gone.FaultType);
            using var moved = await s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi2), after.Disks[0].FileName, writable: false);
            Assert.Equal(TestSite.DiskSize, moved.Capacity);
            Assert.False(Directory.Exists(t.Ds1.LocalPath("mt-01")));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }

    [Fact]
    public void PRE8_AVMotionAloneIsRecordedAsVMotion()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await s.WaitForTaskResultAsync(await s.RelocateVmAsync(vm, new VirtualMachineRelocateSpec(Host: t.VCenter1.MoRefOf(t.Esxi2))));
            var info = await s.GetVirtualMachineAsync(vm);
            Assert.Equal(MigrationRecord.VMotion, Assert.Single(info.MigrationHistory).Kind);
            Assert.Equal(t.VCenter1.MoRefOf(t.Esxi2), info.Host);
        });
    }

    /// <summary>
    /// A read-only account (System.View/Read) sees every inventory object, datastores included, as vSphere shows them;
    /// what it lacks is the privilege to put disks there, which is what ASR's reprotect dialog lists by (TS-1).
    /// </summary>
    [Fact]
    public void TS1_AReadOnlyAccountSeesDatastoresButMayNotAllocateSpaceOnThem()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var ro = await t.Login(user: TestSite.ReadOnlyUser);
            var view = await ro.RetrieveInventoryAsync();
            Assert.NotEmpty(view.Vms);
            Assert.Equal(["ds1", "ds2"], view.Datastores.Select(d => d.Name));
            Assert.All(view.Hosts, h => Assert.NotEmpty(h.Datastores));
            Assert.Equal("ds1", (await ro.GetDatastoreAsync(t.VCenter1.MoRefOf(t.Ds1))).Name);
            Assert.False(await ro.HasPrivilegeOnEntityAsync(t.VCenter1.MoRefOf(t.Ds1), "Datastore.AllocateSpace"));
            Assert.True(await ro.HasPrivilegeOnEntityAsync(t.VCenter1.MoRefOf(t.Ds1), "System.Read"));
            // A plain call, as in vSphere: no task in vCenter's recent tasks.
            Assert.Empty(ro.RecentTasks());

            // The fix: give the account a privileged role.
            t.VCenter1.SetRole(TestSite.ReadOnlyUser, t.VCenter1.AdminRole);
            using var admin = await t.Login(user: TestSite.ReadOnlyUser);
            Assert.True(await admin.HasPrivilegeOnEntityAsync(t.VCenter1.MoRefOf(t.Ds2), "Datastore.AllocateSpace"));
        });
    }

    /// <summary>Varied: an account without System.View sees nothing and may not ask about an object's privileges either.</summary>
    [Fact]
    public void TS1_ANoAccessAccountCannotAskForPrivileges()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            t.VCenter1.SetRole(TestSite.ReadOnlyUser, t.VCenter1.NoAccessRole);
            using var none = await t.Login(user: TestSite.ReadOnlyUser);
            var fault = await Assert.ThrowsAsync<VSphereFault>(() => none.HasPrivilegeOnEntityAsync(t.VCenter1.MoRefOf(t.Ds2), "Datastore.AllocateSpace"));
            Assert.Equal(VSphereFaultType.NoPermission, fault.FaultType);
        });
    }

    [Fact]
    public void TS4_TheLicenceEditionIsVisibleAndTheFreeEditionRefusesChanges()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login(server: t.FreeHost.Name, user: "root");
            var view = await s.RetrieveInventoryAsync();
            var host = Assert.Single(view.Hosts);
            Assert.Equal((LicenseEdition.Free, "5.5.0"), (host.LicenseEdition, host.Version));

            var spec = new VirtualMachineConfigSpec { Name = "failback-vm", GuestId = "centos6_64Guest", AddDisks = [new VirtualDiskSpec(8L << 20)] };
            var refused = await s.WaitForTaskAsync(await s.CreateVmAsync(host.MoRef, view.Datastores[0].MoRef, spec));
            Assert.Equal(VSphereFaultType.RestrictedVersion, refused.Error!.FaultType);
            Assert.Empty((await s.RetrieveInventoryAsync()).Vms);

            Assert.Equal(LicenseEdition.Evaluation, await s.WaitForTaskResultAsync(await s.AssignLicenseAsync(host.MoRef, "EVAL-0000")));
            Assert.Equal(LicenseEdition.Evaluation, (await s.GetHostAsync(host.MoRef)).LicenseEdition);
            await s.WaitForMoRefAsync(await s.CreateVmAsync(host.MoRef, view.Datastores[0].MoRef, spec));
        });
    }

    [Fact]
    public void TS6_EachVCenterShowsOnlyItsOwnHostsAndDatastores()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var one = await t.Login(TestSite.Vc1);
            using var two = await t.Login(TestSite.Vc2);
            var a = await one.RetrieveInventoryAsync();
            var b = await two.RetrieveInventoryAsync();
            Assert.DoesNotContain(a.Datastores, d => d.Name == "ds21");
            Assert.Equal(["ds21"], b.Datastores.Select(d => d.Name));
            Assert.Equal(["esxi-21.corp.local"], b.Hosts.Select(h => h.Name));
            Assert.Equal(TestSite.Vc2, b.About.Name);
            Assert.True(b.About.IsVCenter);
            Assert.NotEqual(a.About.InstanceUuid, b.About.InstanceUuid);
            // Each vCenter numbers its own objects.
            Assert.Equal("datacenter-2", a.Datacenters[0].MoRef.Value);
            Assert.Equal("datacenter-2", b.Datacenters[0].MoRef.Value);
        });
    }

    [Fact]
    public void LOC6_AStandaloneHostIsReachedDirectlyAndNoVCenterShowsItUntilAdded()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var vc = await t.Login();
            Assert.DoesNotContain((await vc.RetrieveInventoryAsync()).Hosts, h => h.Name == t.FreeHost.Name);

            using var direct = await t.Login(server: t.FreeHost.IpAddress, user: "root");
            Assert.Equal(AboutInfo.HostAgent, direct.About.ApiType);
            var view = await direct.RetrieveInventoryAsync();
            var host = Assert.Single(view.Hosts);
            Assert.False(host.ManagedByVCenter);
            Assert.Equal("ha-host", host.MoRef.Value);
            Assert.Equal("ha-datacenter", Assert.Single(view.Datacenters).MoRef.Value);
            Assert.Equal("esxi-free-local", Assert.Single(view.Datastores).Name);

            var cluster = t.VCenter1.MoRefOf(t.VCenter1.Datacenters[0].Clusters[0]);
            var wrong = await vc.WaitForTaskAsync(await vc.AddHostAsync(cluster, new HostConnectSpec(t.FreeHost.Name, "root", "nope")));
            Assert.Equal(VSphereFaultType.InvalidLogin, wrong.Error!.FaultType);
            var free = await vc.WaitForTaskAsync(await vc.AddHostAsync(cluster, new HostConnectSpec(t.FreeHost.Name, "root", TestSite.Password)));
            Assert.Equal(VSphereFaultType.RestrictedVersion, free.Error!.FaultType);
            var added = await vc.WaitForMoRefAsync(await vc.AddHostAsync(cluster, new HostConnectSpec(t.FreeHost.Name, "root", TestSite.Password), "ENT-1111"));

            var managed = await vc.GetHostAsync(added);
            Assert.True(managed.ManagedByVCenter);
            Assert.Equal(LicenseEdition.Enterprise, managed.LicenseEdition);
            Assert.Contains((await vc.RetrieveInventoryAsync()).Datastores, d => d.Name == "esxi-free-local");
            Assert.True((await direct.GetHostAsync(host.MoRef)).ManagedByVCenter);
        });
    }

    [Fact]
    public void LOC5_AVmDiskOpensOnlyFromAHostThatMountsItsDatastore()
    {
        using var t = new TestSite();
        var onDs2 = t.Site.CreateVm(t.Esxi2, t.Ds2, new VirtualMachineConfigSpec { Name = "orig-vm", GuestId = "centos7_64Guest", AddDisks = [new VirtualDiskSpec(1L << 20)] });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var path = onDs2.Disks[0].FileName;
            // esxi-01 (the master target's host) does not mount ds2: the original VM's disk is out of its reach.
            var fault = await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi1), path, writable: true));
            Assert.Equal(VSphereFaultType.InaccessibleDatastore, fault.FaultType);
            Assert.Equal(t.VCenter1.MoRefOf(t.Ds2), fault.Object);
            Assert.DoesNotContain(t.VCenter1.MoRefOf(t.Ds2), (await s.GetHostAsync(t.VCenter1.MoRefOf(t.Esxi1))).Datastores);
            t.Site.Mount(t.Ds2, t.Esxi1);
            using var disk = await s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi1), path, writable: true);
            Assert.Equal(1L << 20, disk.Capacity);
        });
    }
}
