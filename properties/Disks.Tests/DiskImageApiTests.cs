using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Diff;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>Refusals leave nothing behind; identities are deterministic; hashes agree across formats.</summary>
public class DiskImageApiTests
{
    /// <summary>
    /// Flat to flat (raw into a fixed VHD and a flat VMDK) the kernel copies file to file: the range lands
    /// exactly, change tracking sees it, and qemu reads it; a sparse format declines and is left untouched.
    /// </summary>
    [Fact]
    public void FlatImagesCopyRangesFileToFileAndSparseOnesDecline()
    {
        using var s = new Scratch();
        var model = new byte[4 * Sizes.MiB];
        new Random(3).NextBytes(model);
        using var source = DiskImage.Create(s["src.img"], DiskFormat.Raw, model.Length);
        source.Write(0, model);
        foreach (var (name, format) in new[] { ("fixed.vhd", DiskFormat.Vhd), ("flat.vmdk", DiskFormat.Vmdk) })
        {
            var expected = new byte[model.Length];
            using (var target = DiskImage.Create(s[name], format, model.Length))
            {
                var baseline = target.TakeChangeId();
                Assert.True(((IBlockCopyTarget)target).TryCopyFrom(source, Sizes.MiB + 512, 2 * Sizes.MiB));
                model.AsSpan((int)Sizes.MiB + 512, 2 * (int)Sizes.MiB).CopyTo(expected.AsSpan((int)Sizes.MiB + 512));
                Assert.Equal([new DiskExtent(Sizes.MiB, 2 * Sizes.MiB + 64 * Sizes.KiB)], target.QueryChangedDiskAreas(baseline)); // whole 64 KiB blocks
                var back = new byte[model.Length];
                target.Read(0, back);
                Assert.Equal(expected, back);
                Assert.Throws<ArgumentOutOfRangeException>(() => ((IBlockCopyTarget)target).TryCopyFrom(source, 3 * Sizes.MiB, 2 * Sizes.MiB));
            }
            QemuImg.AssertEqualTo(s[name], QemuImg.FormatOf(format), expected, s.Dir);
        }
        using var sparse = DiskImage.Create(s["sparse.vhd"], DiskFormat.VhdDynamic, model.Length);
        Assert.False(((IBlockCopyTarget)sparse).TryCopyFrom(source, 0, Sizes.MiB));
        Assert.Empty(sparse.GetAllocatedExtents());
    }

    [Fact]
    public void AFixedVhdMustHoldWholeMebibytes()
    {
        using var s = new Scratch();
        var e = Assert.Throws<ArgumentException>(() => DiskImage.Create(s["d.vhd"], DiskFormat.Vhd, 20 * Sizes.MiB + 512));
        Assert.Contains("N MiB + 512 bytes", e.Message);
        Assert.False(File.Exists(s["d.vhd"]));
        using (DiskImage.Create(s["d.vhd"], DiskFormat.Vhd, 20 * Sizes.MiB)) { }
        Assert.Equal(20 * Sizes.MiB + 512, new FileInfo(s["d.vhd"]).Length);
    }

    [Fact]
    public void CreatingOverAnExistingImageIsRefusedAndChangesNothing()
    {
        using var s = new Scratch();
        using (var d = DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB)) d.Write(0, new byte[] { 7 });
        var before = File.ReadAllText(s["vm.vmdk"]);
        Assert.Throws<IOException>(() => DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 8 * Sizes.MiB));
        Assert.Equal(before, File.ReadAllText(s["vm.vmdk"]));
        Assert.Equal(4 * Sizes.MiB, new FileInfo(s["vm-flat.vmdk"]).Length);
        Assert.Throws<ArgumentException>(() => DiskImage.Create(s["x.vmdk"], DiskFormat.VmfsSparse, Sizes.MiB));
        Assert.Throws<ArgumentException>(() => DiskImage.Create(s["x.img"], DiskFormat.Raw, 1000));
    }

    [Fact]
    public void IdentitiesComeFromTheOptionsOrTheFileNameNeverFromChance()
    {
        using var s = new Scratch();
        var a = Directory.CreateDirectory(s["a"]).FullName;
        var b = Directory.CreateDirectory(s["b"]).FullName;
        foreach (var dir in new[] { a, b }) using (DiskImage.Create(Path.Combine(dir, "vm.vmdk"), DiskFormat.VmdkSparse, 4 * Sizes.MiB)) { }
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "vm.vmdk")), File.ReadAllBytes(Path.Combine(b, "vm.vmdk")));
        var uuid = new Guid("60f0c29a-1b2c-4d4e-8f60-718293a4b5c6");
        using (DiskImage.Create(s["o.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB, new DiskCreateOptions { Uuid = uuid, Cid = 0x1234abcd, AdapterType = "ide", Thin = false })) { }
        var text = File.ReadAllText(s["o.vmdk"]);
        Assert.Contains("CID=1234abcd", text);
        Assert.Contains("ddb.uuid = \"60 f0 c2 9a 1b 2c 4d 4e-8f 60 71 82 93 a4 b5 c6\"", text);
        Assert.Contains("ddb.geometry.heads = \"16\"", text);
        Assert.DoesNotContain("thinProvisioned", text);
        Assert.Equal(uuid, ((DiskDevice)DiskImage.Open(s["o.vmdk"], writable: false)).Uuid);
        using (DiskImage.Create(s["u.vhd"], DiskFormat.VhdDynamic, 4 * Sizes.MiB, new DiskCreateOptions { Uuid = uuid })) { }
        var footer = File.ReadAllBytes(s["u.vhd"])[^512..];
        Assert.Equal(uuid.ToByteArray(bigEndian: true), footer[68..84]); // the VHD unique id field
    }

    [Fact]
    public void BlockHashesAgreeAcrossFormatsAndPointAtTheDifferingBlocks()
    {
        using var s = new Scratch();
        var data = new byte[300_000];
        new Random(4).NextBytes(data);
        using var vmdk = DiskImage.Create(s["a.vmdk"], DiskFormat.VmdkSparse, 4 * Sizes.MiB);
        using var vhd = DiskImage.Create(s["b.vhd"], DiskFormat.Vhd, 4 * Sizes.MiB);
        vmdk.Write(100_000, data);
        vhd.Write(100_000, data);
        Assert.Equal(BlockHasher.Hash(vmdk), BlockHasher.Hash(vhd));
        vhd.Write(3 * Sizes.MiB, new byte[] { 1 });
        var differing = BlockHasher.Hash(vmdk).Zip(BlockHasher.Hash(vhd)).Select((p, i) => (p, i)).Where(x => x.p.First != x.p.Second).Select(x => (long)x.i);
        Assert.Equal([48L], differing);
        Assert.Equal([48L], BlockDiff.Compare(vmdk, vhd).ChangedBlocks);
    }
    /// <summary>
    /// Resync hashing skips the holes of a disk (they read as zeros) yet gives the same hashes as a disk
    /// whose every byte was written, zeros included, down to a short last block.
    /// </summary>
    [Fact]
    public void ResyncHashesOfHolesEqualThoseOfWrittenZeros()
    {
        using var s = new Scratch();
        const long capacity = 4 * Sizes.MiB + 4096;
        var data = new byte[70_000];
        new Random(5).NextBytes(data);
        using var sparse = DiskImage.Create(s["sparse.vmdk"], DiskFormat.VmdkSparse, capacity);
        using var written = DiskImage.Create(s["written.img"], DiskFormat.Raw, capacity);
        written.Write(0, new byte[capacity]);
        sparse.Write(2 * Sizes.MiB, data);
        written.Write(2 * Sizes.MiB, data);
        Assert.True(sparse.GetAllocatedExtents().Sum(e => e.Length) < capacity);
        Assert.Empty(BlockHashes.Compute(sparse, 65536).Differences(BlockHashes.Compute(written, 65536)));
        written.Write(capacity - 1, new byte[] { 7 });
        Assert.Equal([new DiskExtent(4 * Sizes.MiB, 4096)], BlockHashes.Compute(sparse, 65536).Differences(BlockHashes.Compute(written, 65536)));
    }
}
