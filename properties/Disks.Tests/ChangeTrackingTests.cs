using Failback.Engine.Ports;
using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>QueryChangedDiskAreas as vSphere defines it: per-epoch change ids, "*" for every allocated area.</summary>
public class ChangeTrackingTests
{
    [Fact]
    public void EachChangeIdReportsTheWritesOfTheLaterEpochsOnly()
    {
        using var s = new Scratch();
        using var disk = DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 8 * Sizes.MiB);
        disk.Write(0, new byte[10]);
        var first = disk.TakeChangeId();
        disk.Write(Sizes.MiB + 1, new byte[100]);
        var second = disk.TakeChangeId();
        disk.Write(5 * Sizes.MiB, new byte[70_000]);

        Assert.Equal([new DiskExtent(Sizes.MiB, 65536), new DiskExtent(5 * Sizes.MiB, 131072)], disk.QueryChangedDiskAreas(first));
        Assert.Equal([new DiskExtent(5 * Sizes.MiB, 131072)], disk.QueryChangedDiskAreas(second));
        Assert.Empty(disk.QueryChangedDiskAreas(disk.TakeChangeId()));
    }

    [Fact]
    public void StarReturnsEveryAllocatedAreaAcrossTheChain()
    {
        using var s = new Scratch();
        using (var d = DiskImage.Create(s["vm.vmdk"], DiskFormat.VmdkSparse, 8 * Sizes.MiB)) d.Write(0, new byte[1]);
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        using var disk = DiskImage.Open(child);
        disk.Write(4 * Sizes.MiB, new byte[1024]);
        Assert.Equal([new DiskExtent(0, 65536), new DiskExtent(4 * Sizes.MiB, 1024)], disk.QueryChangedDiskAreas("*"));
        Assert.Equal(disk.GetAllocatedExtents(), disk.QueryChangedDiskAreas("*"));
    }

    [Fact]
    public void AChangeIdFromElsewhereIsRefusedWithAWayOut()
    {
        using var s = new Scratch();
        using var a = DiskImage.Create(s["a.vhd"], DiskFormat.Vhd, 4 * Sizes.MiB);
        using var b = DiskImage.Create(s["b.vhd"], DiskFormat.Vhd, 4 * Sizes.MiB);
        var id = a.TakeChangeId();
        var e = Assert.Throws<ArgumentException>(() => b.QueryChangedDiskAreas(id));
        Assert.Contains("\"*\"", e.Message);
        Assert.Throws<ArgumentException>(() => a.QueryChangedDiskAreas("not-an-id"));
    }

    [Fact]
    public void ReadsAndWritesOutsideTheDiskAreRefused()
    {
        using var s = new Scratch();
        using var disk = DiskImage.Create(s["a.img"], DiskFormat.Raw, Sizes.MiB);
        Assert.Throws<ArgumentOutOfRangeException>(() => disk.Write(Sizes.MiB - 1, new byte[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => disk.Read(-1, new byte[1]));
        using var ro = DiskImage.Open(s["a.img"], writable: false);
        Assert.Throws<InvalidOperationException>(() => ro.Write(0, new byte[1]));
    }
}

public class PersistentChangeTrackingTests
{
    [Fact]
    public void ChangeIdsSurviveReopenSnapshotAndConsolidation()
    {
        using var s = new Scratch();
        string id;
        using (var d = DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 8 * Sizes.MiB))
        {
            d.Write(0, new byte[] { 1 });
            id = d.TakeChangeId();
            d.Write(Sizes.MiB, new byte[] { 2 });
        }
        Assert.True(File.Exists(s["vm-ctk.vmdk"]));
        Assert.Contains(s["vm-ctk.vmdk"], DiskImage.Inspect(s["vm.vmdk"]).Chain[0].Files);
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        Assert.True(File.Exists(s["vm-000001-ctk.vmdk"]));
        using (var d = DiskImage.Open(child))
        {
            Assert.Equal([new DiskExtent(Sizes.MiB, 65536)], d.QueryChangedDiskAreas(id));
            d.Write(3 * Sizes.MiB, new byte[] { 3 });
        }
        DiskImage.Consolidate(child);
        Assert.False(File.Exists(s["vm-000001-ctk.vmdk"]));
        using (var d = DiskImage.Open(s["vm.vmdk"], writable: false))
            Assert.Equal([new DiskExtent(Sizes.MiB, 65536), new DiskExtent(3 * Sizes.MiB, 65536)], d.QueryChangedDiskAreas(id));
    }

    [Fact]
    public void AWriteWithoutTrackingVoidsTheChangeIds()
    {
        using var s = new Scratch();
        string id;
        using (var d = DiskImage.Create(s["vm.vmdk"], DiskFormat.VmdkSparse, 8 * Sizes.MiB))
        {
            d.Write(0, new byte[] { 1 });
            id = d.TakeChangeId();
        }
        Tool.Ok("qemu-io", "-f", "vmdk", "-c", "write -P 0x11 2M 4k", s["vm.vmdk"]); // a new CID, unknown to the tracking
        using var disk = DiskImage.Open(s["vm.vmdk"]);
        var e = Assert.Throws<ArgumentException>(() => disk.QueryChangedDiskAreas(id));
        Assert.Contains("\"*\"", e.Message);
        Assert.Contains(new DiskExtent(2 * Sizes.MiB, 65536), disk.QueryChangedDiskAreas("*"));
    }
    /// <summary>
    /// A flush rewrites the side file only when what it holds moved: blocks re-written in their epoch leave it as it was
    /// (a replica flushed after every batch), a new block, a new epoch or a new content id (a VMDK's first write after
    /// an open) rewrite it, and the change ids stay valid across reopens either way.
    /// </summary>
    [Theory]
    [InlineData("vm.vmdk", DiskFormat.Vmdk, "vm-ctk.vmdk")]
    [InlineData("vm.vhd", DiskFormat.Vhd, "vm.vhd.ctk")]
    public void AFlushRewritesTheTrackingOnlyWhenItChanged(string name, DiskFormat format, string tracker)
    {
        using var s = new Scratch();
        var old = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        bool Rewritten() => File.GetLastWriteTimeUtc(s[tracker]) != old;
        string id;
        using (var d = DiskImage.Create(s[name], format, 8 * Sizes.MiB))
        {
            d.Write(0, new byte[] { 1 });
            id = d.TakeChangeId();
            d.Write(Sizes.MiB, new byte[] { 2 });
            d.Flush();
            File.SetLastWriteTimeUtc(s[tracker], old);
            d.Write(Sizes.MiB + 4096, new byte[] { 3 }); // the same 64 KiB block, the same epoch
            d.Flush();
            Assert.False(Rewritten());
            d.Write(2 * Sizes.MiB, new byte[] { 4 });
            d.Flush();
            Assert.True(Rewritten());
            File.SetLastWriteTimeUtc(s[tracker], old);
            d.TakeChangeId();
            d.Flush();
            Assert.True(Rewritten());
            d.Write(3 * Sizes.MiB, new byte[] { 5 });
        }
        using (var d = DiskImage.Open(s[name]))
        {
            File.SetLastWriteTimeUtc(s[tracker], old);
            // A block already in the newest epoch: for a VMDK the write still gives the disk a new CID, which the file must record.
            d.Write(3 * Sizes.MiB + 1, new byte[] { 6 });
            d.Flush();
            Assert.Equal(format == DiskFormat.Vmdk, Rewritten());
        }
        using (var d = DiskImage.Open(s[name], writable: false))
            Assert.Equal([new DiskExtent(Sizes.MiB, 65536), new DiskExtent(2 * Sizes.MiB, 65536), new DiskExtent(3 * Sizes.MiB, 65536)], d.QueryChangedDiskAreas(id));
    }
}
