using Failback.Simulators.Disks;
using Xunit;

namespace Failback.Disks.Tests;

public class SmokeTests
{
    [Theory]
    [InlineData(DiskFormat.Raw, "raw", "d.img")]
    [InlineData(DiskFormat.Vmdk, "vmdk", "d.vmdk")]
    [InlineData(DiskFormat.VmdkSparse, "vmdk", "d.vmdk")]
    [InlineData(DiskFormat.Vhd, "vpc", "d.vhd")]
    [InlineData(DiskFormat.VhdDynamic, "vpc", "d.vhd")]
    public void WrittenImageComparesEqualToRaw(DiskFormat format, string qemuFormat, string name)
    {
        using var s = new Scratch();
        var model = new byte[8 * Sizes.MiB];
        var rnd = new Random(7);
        using (var disk = DiskImage.Create(s[name], format, model.Length))
        {
            foreach (var (off, len) in new[] { (0L, 4096), (65536L - 100, 300), (3 * Sizes.MiB + 7, 70000), (8 * Sizes.MiB - 512, 512) })
            {
                var data = new byte[len];
                rnd.NextBytes(data);
                disk.Write(off, data);
                data.CopyTo(model, off);
            }
        }
        File.WriteAllBytes(s["model.raw"], model);
        Tool.Ok("qemu-img", "compare", "-f", qemuFormat, "-F", "raw", s[name], s["model.raw"]);
        using var reopened = DiskImage.Open(s[name], writable: false);
        var back = new byte[model.Length];
        reopened.Read(0, back);
        Assert.Equal(model, back);
    }
}

public class SnapshotSmokeTests
{
    [Theory]
    [InlineData(DiskFormat.Vmdk)]
    [InlineData(DiskFormat.VmdkSparse)]
    public void SnapshotChainReadsThroughAndConsolidates(DiskFormat format)
    {
        using var s = new Scratch();
        var model = new byte[4 * Sizes.MiB];
        var rnd = new Random(3);
        void Put(Failback.Engine.Ports.IBlockDevice d, long off, int len)
        {
            var data = new byte[len];
            rnd.NextBytes(data);
            d.Write(off, data);
            data.CopyTo(model, off);
        }
        using (var d = DiskImage.Create(s["vm.vmdk"], format, model.Length)) Put(d, 1000, 200_000);
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        Assert.Equal(s["vm-000001.vmdk"], child);
        using (var d = DiskImage.Open(child)) Put(d, 150_000, 100_000);
        var child2 = DiskImage.Snapshot(child);
        using (var d = DiskImage.Open(child2)) Put(d, 3 * Sizes.MiB + 3, 5);
        File.WriteAllBytes(s["model.raw"], model);
        Tool.Ok("qemu-img", "check", child2);
        Tool.Ok("qemu-img", "compare", "-f", "vmdk", "-F", "raw", child2, s["model.raw"]);
        Assert.True(DiskImage.Check(child2).IsHealthy);
        DiskImage.Consolidate(child2);
        DiskImage.Consolidate(child);
        Assert.False(File.Exists(child));
        Tool.Ok("qemu-img", "compare", "-f", "vmdk", "-F", "raw", s["vm.vmdk"], s["model.raw"]);
        Assert.True(DiskImage.Check(s["vm.vmdk"]).IsHealthy);
    }
}
