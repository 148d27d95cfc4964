using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>Every image we write is judged by the real qemu-img: check, compare with the model, map.</summary>
public class QemuOracleTests
{
    public static TheoryData<DiskFormat, string> Formats => new()
    {
        { DiskFormat.Raw, "d.img" },
        { DiskFormat.Vmdk, "d.vmdk" },
        { DiskFormat.VmdkSparse, "d.vmdk" },
        { DiskFormat.Vhd, "d.vhd" },
        { DiskFormat.VhdDynamic, "d.vhd" },
    };

    /// <summary>
    /// Writes into the middle, the start and the end of new 2 MiB dynamic-VHD blocks store only the written bytes
    /// (the rest of a new block is a hole): qemu must still read zeros around them, then the later writes.
    /// </summary>
    [Fact]
    public void DynamicVhdPartlyWrittenNewBlocksReadZerosAroundTheWrites()
    {
        using var s = new Scratch();
        var model = new byte[8 * Sizes.MiB];
        var path = s["d.vhd"];
        var random = new Random(5);
        using (var disk = DiskImage.Create(path, DiskFormat.VhdDynamic, model.Length))
        {
            foreach (var (offset, length) in new (long, int)[] { (3 * Sizes.MiB + 4096, 70_000), (0, 512), (6 * Sizes.MiB - 513, 1025), (1 * Sizes.MiB, (int)(Sizes.MiB / 2)) })
            {
                var data = new byte[length];
                random.NextBytes(data);
                disk.Write(offset, data);
                data.CopyTo(model, offset);
            }
            var back = new byte[model.Length];
            disk.Read(0, back);
            Assert.Equal(model, back);
        }
        QemuImg.Check(path, "vpc");
        QemuImg.AssertEqualTo(path, "vpc", model, s.Dir);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void QemuChecksComparesAndMapsWhatWeWrote(DiskFormat format, string name)
    {
        using var s = new Scratch();
        var model = new byte[12 * Sizes.MiB];
        var path = s[name];
        using (var disk = DiskImage.Create(path, format, model.Length))
        {
            new Writes(1).Apply(disk, model, 12);
            disk.Flush();
        }
        var q = QemuImg.FormatOf(format);
        QemuImg.Check(path, q);
        QemuImg.AssertEqualTo(path, q, model, s.Dir);
        using var reopened = DiskImage.Open(path, writable: false);
        Assert.Equal(QemuImg.DataExtents(path, q), reopened.GetAllocatedExtents());
        var back = new byte[model.Length];
        reopened.Read(0, back);
        Assert.Equal(model, back);
    }

    [Theory]
    [InlineData(DiskFormat.Vmdk)]
    [InlineData(DiskFormat.VmdkSparse)]
    public void QemuReadsThroughSnapshotChains(DiskFormat baseFormat)
    {
        using var s = new Scratch();
        var model = new byte[6 * Sizes.MiB];
        var writes = new Writes(2);
        using (var d = DiskImage.Create(s["vm.vmdk"], baseFormat, model.Length)) writes.Apply(d, model, 5);
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        Assert.Equal(s["vm-000001.vmdk"], child);
        using (var d = DiskImage.Open(child)) writes.Apply(d, model, 5);
        var grandchild = DiskImage.Snapshot(child);
        Assert.Equal(s["vm-000002.vmdk"], grandchild);
        using (var d = DiskImage.Open(grandchild)) writes.Apply(d, model, 5);

        foreach (var link in new[] { s["vm.vmdk"], child, grandchild }) QemuImg.Check(link, "vmdk");
        QemuImg.AssertEqualTo(grandchild, "vmdk", model, s.Dir);
        using (var top = DiskImage.Open(grandchild, writable: false))
            Assert.Equal(QemuImg.DataExtents(grandchild, "vmdk"), top.GetAllocatedExtents());

        DiskImage.Consolidate(grandchild);
        Assert.False(File.Exists(grandchild));
        Assert.False(File.Exists(s["vm-000002-delta.vmdk"]));
        QemuImg.AssertEqualTo(child, "vmdk", model, s.Dir);
        QemuImg.Check(child, "vmdk");
        DiskImage.Consolidate(child);
        QemuImg.Check(s["vm.vmdk"], "vmdk");
        QemuImg.AssertEqualTo(s["vm.vmdk"], "vmdk", model, s.Dir);
        Assert.True(DiskImage.Check(s["vm.vmdk"]).IsHealthy);
    }

    [Theory]
    [InlineData("vmdk", "subformat=monolithicSparse", DiskFormat.VmdkSparse)]
    [InlineData("vmdk", "subformat=monolithicFlat", DiskFormat.Vmdk)]
    [InlineData("vmdk", "subformat=twoGbMaxExtentFlat", DiskFormat.Vmdk)]
    [InlineData("vpc", "subformat=fixed,force_size=on", DiskFormat.Vhd)]
    [InlineData("vpc", "subformat=dynamic", DiskFormat.VhdDynamic)]
    public void ImagesMadeByQemuReadBackAndAcceptOurWrites(string format, string options, DiskFormat expected)
    {
        using var s = new Scratch();
        var path = s["q." + (format == "vpc" ? "vhd" : "vmdk")];
        Tool.Ok("qemu-img", "create", "-q", "-f", format, "-o", options, path, "8M");
        Tool.Ok("qemu-io", "-f", format, "-c", "write -P 0xab 65536 4096", "-c", "write -P 0xcd 3M 100k", "-c", "write -P 0x11 8388096 512", path);
        Assert.Equal(expected, DiskImage.Detect(path));
        var model = QemuImg.ReadAll(path, format, s.Dir);
        using (var disk = DiskImage.Open(path))
        {
            Assert.Equal(model.Length, disk.Capacity);
            var back = new byte[model.Length];
            disk.Read(0, back);
            Assert.Equal(model, back);
            new Writes(3).Apply(disk, model, 6);
        }
        QemuImg.Check(path, format);
        QemuImg.AssertEqualTo(path, format, model, s.Dir);
        Assert.True(DiskImage.Check(path).IsHealthy);
    }
}
