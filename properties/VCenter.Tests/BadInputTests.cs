using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Bad input gets the fault a real vCenter returns and changes nothing: not the inventory, not a file.</summary>
public sealed class BadInputTests
{
    /// <summary>Everything observable: the admin's inventory view (as text) and every file with its size.</summary>
    private static async Task<string> Fingerprint(TestSite t, IVSphereSession s)
    {
        var view = await s.RetrieveInventoryAsync();
        var vms = view.Vms.Select(v => $"{v.MoRef.Value} {v.Name} {v.PowerState} {v.Host.Value} {string.Join(",", v.Disks.Select(d => d.FileName))} " +
            $"{string.Join(",", v.ExtraConfig.Select(kv => kv.Key + "=" + kv.Value))} {v.RootSnapshots.Count} {v.NumCpu} {v.MemoryMB}");
        var stores = view.Datastores.Select(d => $"{d.Name} {d.FreeSpace} {d.Accessible}");
        var files = Directory.EnumerateFiles(t.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(t.Root, f)} {new FileInfo(f).Length}");
        return string.Join("\n", vms.Concat(stores).Concat(files));
    }

    [Fact]
    public void RefusedOperationsReturnVSphereFaultsAndLeaveEverythingUnchanged()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var mt = t.VCenter1.MoRefOf(t.MasterTarget);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var ds1 = t.VCenter1.MoRefOf(t.Ds1);
            var before = await Fingerprint(t, s);

            async Task Fails(VSphereFaultType expected, Func<Task<ManagedObjectReference>> call)
            {
                var info = await s.WaitForTaskAsync(await call());
                Assert.Equal(TaskInfoState.Error, info.State);
                Assert.Equal(expected, info.Error!.FaultType);
            }

            async Task Throws(VSphereFaultType expected, Func<Task> call) =>
                Assert.Equal(expected, (await Assert.ThrowsAsync<VSphereFault>(call)).FaultType);

            var dup = new VirtualMachineConfigSpec { Name = "MT-01", GuestId = "centos6_64Guest", AddDisks = [new VirtualDiskSpec(1L << 20)] };
            await Fails(VSphereFaultType.DuplicateName, () => s.CreateVmAsync(host, ds1, dup));
            await Fails(VSphereFaultType.InvalidArgument, () => s.CreateVmAsync(host, ds1, dup with { Name = "bad/name" }));
            await Fails(VSphereFaultType.InvalidArgument, () => s.CreateVmAsync(host, ds1, dup with { Name = "new", GuestId = "os2Guest" }));
            await Fails(VSphereFaultType.NotSupported, () => s.CreateVmAsync(host, ds1, dup with { Name = "new", HardwareVersion = "vmx-99" }));
            await Fails(VSphereFaultType.InsufficientResourcesFault, () => s.CreateVmAsync(host, ds1, dup with { Name = "new", AddDisks = [new VirtualDiskSpec(4L << 30, false)] }));
            await Fails(VSphereFaultType.InaccessibleDatastore, () => s.CreateVmAsync(host, t.VCenter1.MoRefOf(t.Ds2), dup with { Name = "new" }));
            await Fails(VSphereFaultType.ManagedObjectNotFound, () => s.CreateVmAsync(host, ds1, dup with { Name = "new", AddNics = [new VirtualNicSpec("No Such Net")] }));
            await Fails(VSphereFaultType.InvalidPowerState, () => s.PowerOffVmAsync(mt));
            await Fails(VSphereFaultType.InvalidArgument, () => s.RelocateVmAsync(mt, new VirtualMachineRelocateSpec(ds1, host)));
            await Fails(VSphereFaultType.InaccessibleDatastore, () => s.RelocateVmAsync(mt, new VirtualMachineRelocateSpec(t.VCenter1.MoRefOf(t.Ds2))));
            await Fails(VSphereFaultType.FileNotFound, () => s.RegisterVmAsync(host, "[ds1] nothing/nothing.vmx"));
            await Fails(VSphereFaultType.DuplicateName, () => s.RegisterVmAsync(host, t.MasterTarget.VmPathName));
            await Fails(VSphereFaultType.InvalidLicense, () => s.AssignLicenseAsync(host, "NO-SUCH-KEY"));
            await Fails(VSphereFaultType.InvalidArgument, () => s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { Name = "" }));
            await Fails(VSphereFaultType.DuplicateName, () => s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { Name = "app-01" }));
            await Fails(VSphereFaultType.InvalidArgument, () => s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["scsi0.virtualDev"] = "pvscsi" } }));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(mt));
            before = await Fingerprint(t, s);
            await Fails(VSphereFaultType.InvalidPowerState, () => s.PowerOnVmAsync(mt));
            await Fails(VSphereFaultType.InvalidPowerState, () => s.DestroyVmAsync(mt));
            await Fails(VSphereFaultType.InvalidPowerState, () => s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { MemoryMB = 8192 }));
            await Throws(VSphereFaultType.InvalidPowerState, () => s.UnregisterVmAsync(mt));
            await Throws(VSphereFaultType.ManagedObjectNotFound, () => s.PowerOnVmAsync(new ManagedObjectReference(ManagedObjectTypes.VirtualMachine, "vm-4040")));
            await Throws(VSphereFaultType.ManagedObjectNotFound, () => s.PowerOnVmAsync(host));
            await Throws(VSphereFaultType.ManagedObjectNotFound, () => s.RemoveSnapshotAsync(new ManagedObjectReference(ManagedObjectTypes.VirtualMachineSnapshot, "snapshot-1")));
            await Throws(VSphereFaultType.InvalidArgument, () => s.OpenVirtualDiskAsync(host, "ds1/mt-01.vmdk", false));
            await Throws(VSphereFaultType.FileNotFound, () => s.OpenVirtualDiskAsync(host, "[ds1] mt-01/none.vmdk", false));
            await Throws(VSphereFaultType.InaccessibleDatastore, () => s.OpenVirtualDiskAsync(host, "[ds2] x/x.vmdk", false));
            await Throws(VSphereFaultType.InvalidArgument, () => Task.FromResult(s.CheckForUpdates("not-a-version")));
            await Throws(VSphereFaultType.ManagedObjectNotFound, () => s.WaitForTaskAsync(new ManagedObjectReference(ManagedObjectTypes.Task, "task-9999")));
            Assert.Equal(before, await Fingerprint(t, s));
        });
    }

    [Fact]
    public void ADatastoreRefusesThickDisksAndWritesBeyondItsCapacity()
    {
        using var t = new TestSite();
        var small = t.Site.AddDatastore("small", DatastoreType.Vmfs, 8L << 20, t.Esxi1);
        t.Run(async () =>
        {
            using var s = await t.Login();
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var ds = t.VCenter1.MoRefOf(small);
            var spec = new VirtualMachineConfigSpec { Name = "thick", GuestId = "centos6_64Guest", AddDisks = [new VirtualDiskSpec(6L << 20, false)] };
            await s.WaitForMoRefAsync(await s.CreateVmAsync(host, ds, spec));
            Assert.Equal(2L << 20, (await s.GetDatastoreAsync(ds)).FreeSpace);
            var full = await s.WaitForTaskAsync(await s.CreateVmAsync(host, ds, spec with { Name = "thick2" }));
            Assert.Equal(VSphereFaultType.InsufficientResourcesFault, full.Error!.FaultType);

            var thin = await s.WaitForMoRefAsync(await s.CreateVmAsync(host, ds, spec with { Name = "thin", AddDisks = [new VirtualDiskSpec(64L << 20)] }));
            var path = (await s.GetVirtualMachineAsync(thin)).Disks[0].FileName;
            using var disk = await s.OpenVirtualDiskAsync(host, path, writable: true);
            disk.Write(0, new byte[1 << 20]);
            Assert.Throws<IOException>(() => disk.Write(8L << 20, new byte[4 << 20]));
        });
    }
}
