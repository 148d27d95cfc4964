using System.IO.Hashing;
using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Snapshots are vmfsSparse chains; removing one consolidates through DiskSim and never changes what the disk reads.</summary>
public sealed class SnapshotTests
{
    private const long Small = 256L << 10;

    /// <summary>A VM with a 256 KiB disk: reading a whole vmfsSparse chain stays cheap.</summary>
    private static Failback.Simulators.VCenter.Inventory.VirtualMachine SmallVm(TestSite t) =>
        t.Site.CreateVm(t.Esxi1, t.Ds1, new VirtualMachineConfigSpec { Name = "small", GuestId = "centos6_64Guest", AddDisks = [new VirtualDiskSpec(Small)] });

    private static async Task<byte[]> ReadAll(IVSphereSession s, ManagedObjectReference host, string path)
    {
        using var disk = await s.OpenVirtualDiskAsync(host, path, writable: false);
        var bytes = new byte[disk.Capacity];
        disk.Read(0, bytes);
        return bytes;
    }

    private static async Task Write(IVSphereSession s, ManagedObjectReference host, string path, long offset, byte fill, int length)
    {
        using var disk = await s.OpenVirtualDiskAsync(host, path, writable: true);
        var data = new byte[length];
        Array.Fill(data, fill);
        disk.Write(offset, data);
    }

    [Fact]
    public void ThirtyTwoLevelsAreTheMostAndTheNextIsTooManySnapshotLevels()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            for (var i = 1; i <= 32; i++) // vSphere's limit of snapshot levels
                await s.WaitForTaskResultAsync(await s.CreateSnapshotAsync(vm, $"s{i}"));
            var fault = await Assert.ThrowsAsync<VSphereFault>(async () => await s.WaitForTaskResultAsync(await s.CreateSnapshotAsync(vm, "one more")));
            Assert.Equal(VSphereFaultType.TooManySnapshotLevels, fault.FaultType);
        });
    }

    [Fact]
    public void RemovingASnapshotLeavesTheDiskReadingWhatTheChainRead()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var small = SmallVm(t);
            var vm = t.VCenter1.MoRefOf(small);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            string Current() => small.Disks[0].FileName;
            await Write(s, host, Current(), 0, 0xAA, 64 * 1024);
            var snap = await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "before-failback"));
            Assert.EndsWith("small-000001.vmdk", Current());
            await Write(s, host, Current(), 32 * 1024, 0xBB, 64 * 1024);
            var chainRead = await ReadAll(s, host, Current());

            await s.WaitForTaskResultAsync(await s.RemoveSnapshotAsync(snap));

            Assert.Equal("[ds1] small/small.vmdk", Current());
            Assert.False(File.Exists(t.Ds1.LocalPath("small/small-000001-delta.vmdk")));
            Assert.Equal(XxHash128.Hash(chainRead), XxHash128.Hash(await ReadAll(s, host, Current())));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }

    [Fact]
    public void RemovingTheOlderOfTwoSnapshotsKeepsTheNewerOneAndTheData()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var small = SmallVm(t);
            var vm = t.VCenter1.MoRefOf(small);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            string Current() => small.Disks[0].FileName;
            var s1 = await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "s1"));
            await Write(s, host, Current(), 0, 1, 4096);
            var s2 = await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "s2"));
            await Write(s, host, Current(), 4096, 2, 4096);
            var before = await ReadAll(s, host, Current());

            await s.WaitForTaskResultAsync(await s.RemoveSnapshotAsync(s1));
            var info = await s.GetVirtualMachineAsync(vm);
            Assert.Equal(s2, Assert.Single(info.RootSnapshots).Snapshot);
            Assert.Equal(before, await ReadAll(s, host, Current()));

            await s.WaitForTaskResultAsync(await s.RemoveAllSnapshotsAsync(vm));
            Assert.Empty((await s.GetVirtualMachineAsync(vm)).RootSnapshots);
            Assert.Single(small.Disks[0].Chain);
            Assert.Equal(before, await ReadAll(s, host, Current()));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }

    [Fact]
    public void AFrozenSnapshotFileCannotBeOpenedForWritingAndAnOpenDiskLocksTheVm()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "s1"));
            var frozen = await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(host, "[ds1] mt-01/mt-01.vmdk", writable: true));
            Assert.Equal(VSphereFaultType.ResourceInUse, frozen.FaultType);
            using (await s.OpenVirtualDiskAsync(host, t.MasterTarget.Disks[0].FileName, writable: true))
            {
                var locked = await s.WaitForTaskAsync(await s.RemoveAllSnapshotsAsync(vm));
                Assert.Equal(VSphereFaultType.FileLocked, locked.Error!.FaultType);
                Assert.Equal(2, t.MasterTarget.Disks[0].Chain.Count);
            }
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.Equal(VSphereFaultType.FileLocked,
                (await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(host, t.MasterTarget.Disks[0].FileName, false))).FaultType);
        });
    }

    [Fact]
    public void AStorageVMotionOfAPoweredOffVmWithAnOpenDiskIsFileLockedAndOfARunningOneCarriesItsOpenDisk()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var ds2 = t.VCenter1.MoRefOf(t.Ds2);
            var esxi2 = t.VCenter1.MoRefOf(t.Esxi2); // ds2's host
            using var device = await s.OpenVirtualDiskAsync(host, t.MasterTarget.Disks[0].FileName, writable: true);
            // Powered off, the open file is someone else's: the move is refused and nothing moves.
            var locked = await s.WaitForTaskAsync(await s.RelocateVmAsync(vm, new VirtualMachineRelocateSpec(ds2, esxi2)));
            Assert.Equal(VSphereFaultType.FileLocked, locked.Error!.FaultType);
            Assert.StartsWith("[ds1]", (await s.GetVirtualMachineAsync(vm)).Disks[0].FileName, StringComparison.Ordinal);
            // Running, an open disk is the VM's own I/O, which a live storage vMotion carries along.
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            await s.WaitForTaskResultAsync(await s.RelocateVmAsync(vm, new VirtualMachineRelocateSpec(ds2, esxi2)));
            Assert.StartsWith("[ds2]", (await s.GetVirtualMachineAsync(vm)).Disks[0].FileName, StringComparison.Ordinal);
        });
    }

    /// <summary>Any mix of writes, snapshots and removals: the disk always reads what a plain byte array would.</summary>
    [Property(MaxTest = 6)]
    public void AnySequenceOfSnapshotsAndRemovalsKeepsTheData(ulong seed)
    {
        using var t = new TestSite(seed, latency: false);
        var choices = new SeededChoices(seed).Stream("snapshot-property");
        t.Run(async () =>
        {
            using var s = await t.Login();
            var small = SmallVm(t);
            var vm = t.VCenter1.MoRefOf(small);
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var model = new byte[Small];
            var snapshots = new List<ManagedObjectReference>();
            for (var step = 0; step < 10; step++)
            {
                switch (choices.Next(4))
                {
                    case 0 or 1:
                        var offset = choices.Next((int)(Small / 512) - 16) * 512L;
                        var length = choices.Next(1, 16) * 512;
                        var fill = (byte)choices.Next(1, 256);
                        await Write(s, host, small.Disks[0].FileName, offset, fill, length);
                        model.AsSpan((int)offset, length).Fill(fill);
                        break;
                    case 2:
                        snapshots.Add(await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, $"s{step}")));
                        break;
                    default:
                        if (snapshots.Count == 0) break;
                        var victim = snapshots[choices.Next(snapshots.Count)];
                        snapshots.Remove(victim);
                        await s.WaitForTaskResultAsync(await s.RemoveSnapshotAsync(victim));
                        break;
                }
                Assert.Equal(XxHash128.Hash(model), XxHash128.Hash(await ReadAll(s, host, small.Disks[0].FileName)));
            }
            await s.WaitForTaskResultAsync(await s.RemoveAllSnapshotsAsync(vm));
            Assert.Single(small.Disks[0].Chain);
            Assert.Equal(XxHash128.Hash(model), XxHash128.Hash(await ReadAll(s, host, small.Disks[0].FileName)));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }

    /// <summary>The files of a datastore folder, for a before/after comparison.</summary>
    private static string[] Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void ASnapshotThatFailsAtItsSecondDiskLeavesNoDeltaOfTheFirst()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var two = t.Site.CreateVm(t.Esxi1, t.Ds1, new VirtualMachineConfigSpec
            {
                Name = "two", GuestId = "centos6_64Guest", AddDisks = [new VirtualDiskSpec(Small), new VirtualDiskSpec(Small * 2)],
            });
            var vm = t.VCenter1.MoRefOf(two);
            // The second disk's snapshot cannot be made: a stray delta file holds the name its child needs.
            var stray = t.Ds1.LocalPath(two.Disks[1].Current[..^".vmdk".Length] + "-000001-delta.vmdk");
            File.WriteAllBytes(stray, [1, 2, 3]);
            var chains = two.Disks.Select(d => string.Join(",", d.Chain)).ToList();
            var before = Files(t.Ds1.Directory);

            var fault = await Assert.ThrowsAsync<VSphereFault>(async () => await s.WaitForTaskResultAsync(await s.CreateSnapshotAsync(vm, "halfway")));

            Assert.Equal(VSphereFaultType.InvalidState, fault.FaultType);
            Assert.Contains("already exists", fault.Message, StringComparison.Ordinal);
            Assert.Equal(before, Files(t.Ds1.Directory)); // no delta, descriptor or tracking of the first disk
            Assert.Equal(chains, two.Disks.Select(d => string.Join(",", d.Chain)).ToList());
            Assert.Empty((await s.GetVirtualMachineAsync(vm)).RootSnapshots);

            File.Delete(stray); // the cause removed, the snapshot is taken
            await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "whole"));
            Assert.All(two.Disks, d => Assert.EndsWith("-000001.vmdk", d.Current, StringComparison.Ordinal));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }

    [Fact]
    public void ASnapshotThatFailsAfterWritingItsDeltaRemovesIt()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var small = SmallVm(t);
            var vm = t.VCenter1.MoRefOf(small);
            await Write(s, t.VCenter1.MoRefOf(t.Esxi1), small.Disks[0].FileName, 0, 7, 4096);
            Assert.True(File.Exists(t.Ds1.LocalPath("small/small-ctk.vmdk")), "the disk tracks its changes");
            // The child's change tracking cannot be saved (a folder holds its name): the last file the snapshot writes,
            // after the delta and the descriptor.
            Directory.CreateDirectory(t.Ds1.LocalPath("small/small-000001-ctk.vmdk"));
            var before = Files(t.Ds1.Directory);

            var fault = await Assert.ThrowsAsync<VSphereFault>(async () => await s.WaitForTaskResultAsync(await s.CreateSnapshotAsync(vm, "halfway")));

            Assert.Equal(VSphereFaultType.InvalidState, fault.FaultType);
            Assert.Equal(before, Files(t.Ds1.Directory));
            Assert.False(File.Exists(t.Ds1.LocalPath("small/small-000001-delta.vmdk")));
            Assert.Equal("[ds1] small/small.vmdk", small.Disks[0].FileName);
        });
    }
}
