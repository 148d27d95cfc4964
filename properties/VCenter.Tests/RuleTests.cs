using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>The seed's rules the simulated site models, one test per rule, named with its ID.</summary>
public sealed class RuleTests
{
    [Fact]
    public void PRE7_EditingConfigurationParametersRequiresThePoweredOffVm()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            var enable = new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "TRUE" } };

            var refused = await s.WaitForTaskAsync(await s.ReconfigureVmAsync(vm, enable));
            Assert.Equal(VSphereFaultType.InvalidPowerState, refused.Error!.FaultType);
            Assert.False((await s.GetVirtualMachineAsync(vm)).ExtraConfig.ContainsKey("disk.EnableUUID"));

            await s.WaitForTaskResultAsync(await s.PowerOffVmAsync(vm));
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, enable));
            var info = await s.GetVirtualMachineAsync(vm);
            Assert.Equal("TRUE", info.ExtraConfig["disk.EnableUUID"]);
            // The row is in the .vmx file too, as ESXi writes it.
            Assert.Contains("disk.EnableUUID = \"TRUE\"", File.ReadAllText(t.Ds1.LocalPath(t.MasterTarget.VmxFile)));
        });
    }

    [Fact]
    public void PRE7_DisksCanBeHotAddedButNotParametersWhilePoweredOn()
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

    [Fact]
    public void TS1_AReadOnlyAccountDiscoversVmsButNoDatastore()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var ro = await t.Login(user: TestSite.ReadOnlyUser);
            var view = await ro.RetrieveInventoryAsync();
            Assert.NotEmpty(view.Vms);
            Assert.NotEmpty(view.Hosts);
            Assert.Empty(view.Datastores);
            Assert.All(view.Hosts, h => Assert.Empty(h.Datastores));
            var fault = await Assert.ThrowsAsync<VSphereFault>(() => ro.GetDatastoreAsync(t.VCenter1.MoRefOf(t.Ds1)));
            Assert.Equal(VSphereFaultType.NoPermission, fault.FaultType);
            Assert.Equal("Datastore.Browse", fault.Privilege);

            // The fix: give the account a privileged role and discover again.
            t.VCenter1.SetRole(TestSite.ReadOnlyUser, t.VCenter1.AdminRole);
            using var admin = await t.Login(user: TestSite.ReadOnlyUser);
            Assert.Equal(["ds1", "ds2"], (await admin.RetrieveInventoryAsync()).Datastores.Select(d => d.Name));
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
