using System.Buffers.Binary;
using System.Security.Cryptography;
using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Check;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>Each corruption the checker knows is named by its own kind and message; nothing is ever written.</summary>
public class CorruptionTests
{
    private static void Fill(string path, long offset = 65536, int length = 200_000)
    {
        using var d = DiskImage.Open(path);
        var data = new byte[length];
        new Random(5).NextBytes(data);
        d.Write(offset, data);
    }

    /// <summary>Checks, opens and inspects the image, asserting that no file of the folder changed.</summary>
    private static DiskCheckResult CheckUntouched(Scratch s, string path)
    {
        var before = Snapshot(s.Dir);
        var result = DiskImage.Check(path);
        try { using var _ = DiskImage.Open(path); } catch (IOException) { }
        try { DiskImage.Inspect(path); } catch (IOException) { }
        Assert.Equal(before, Snapshot(s.Dir));
        return result;
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks);

    private static DiskProblem Single(DiskCheckResult r, DiskProblemKind kind)
    {
        var p = Assert.Single(r.Problems);
        Assert.Equal(kind, p.Kind);
        return p;
    }

    [Fact]
    public void BadVhdFooterChecksumIsNamed()
    {
        using var s = new Scratch();
        var path = s["d.vhd"];
        using (DiskImage.Create(path, DiskFormat.Vhd, 4 * Sizes.MiB)) { }
        var at = 4 * Sizes.MiB + 48; // current size field
        ImageBytes.Patch(path, at, [(byte)(ImageBytes.Read(path, at, 1)[0] ^ 1)]);
        var p = Single(CheckUntouched(s, path), DiskProblemKind.VhdFooterChecksum);
        Assert.Contains("bad VHD footer checksum", p.Message);
        var e = Assert.Throws<BadImageException>(() => DiskImage.Open(path));
        Assert.Contains("checksum", e.Message);
        // qemu agrees the image is corrupt.
        Assert.NotEqual(0, Tool.Run("qemu-img", "info", "-f", "vpc", path).Code);
    }

    [Fact]
    public void FlatExtentShorterThanItsDescriptorIsNamed()
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB)) { }
        using (var f = File.OpenHandle(s["vm-flat.vmdk"], FileMode.Open, FileAccess.ReadWrite)) RandomAccess.SetLength(f, 3 * Sizes.MiB);
        var p = Single(CheckUntouched(s, s["vm.vmdk"]), DiskProblemKind.FlatExtentTooShort);
        Assert.Contains("flat extent is 3145728 bytes but the descriptor says 8192 sectors", p.Message);
    }

    [Fact]
    public void GrainTableEntryPastTheEndOfTheFileIsNamed()
    {
        using var s = new Scratch();
        var path = s["sp.vmdk"];
        using (DiskImage.Create(path, DiskFormat.VmdkSparse, 4 * Sizes.MiB)) { }
        Fill(path);
        var header = ImageBytes.Read(path, 0, 512);
        var gd = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(56));
        var rgd = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(48));
        var beyond = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(beyond, 1_000_000);
        foreach (var dir in new[] { gd, rgd })
        {
            var gt = BinaryPrimitives.ReadUInt32LittleEndian(ImageBytes.Read(path, dir * 512, 4));
            ImageBytes.Patch(path, gt * 512L + 4, beyond); // grain 1
        }
        var p = Single(CheckUntouched(s, path), DiskProblemKind.GrainTableEntryPastEndOfFile);
        Assert.Contains("grain table entry for grain 1 (disk sector 128) points to sector 1000000, past the end of the file", p.Message);
        Assert.Equal(1, Tool.Run("qemu-img", "check", path).Code); // qemu agrees
    }

    [Fact]
    public void GrainDirectoryDifferentFromTheRedundantOneIsNamed()
    {
        using var s = new Scratch();
        var path = s["sp.vmdk"];
        using (DiskImage.Create(path, DiskFormat.VmdkSparse, 4 * Sizes.MiB)) { }
        Fill(path);
        var rgd = BinaryPrimitives.ReadInt64LittleEndian(ImageBytes.Read(path, 0, 512).AsSpan(48));
        var rgt = BinaryPrimitives.ReadUInt32LittleEndian(ImageBytes.Read(path, rgd * 512, 4));
        ImageBytes.Patch(path, rgt * 512L + 4, [0, 0, 0, 0]); // the redundant copy forgets grain 1
        var p = Single(CheckUntouched(s, path), DiskProblemKind.GrainDirectoryMismatch);
        Assert.Contains("grain table 0 differs from its redundant copy", p.Message);
        Assert.Equal(0, Tool.Run("qemu-img", "check", path).Code); // qemu does not compare the copies: our checker must
    }

    [Fact]
    public void ChildParentCidDifferentFromTheParentsCidIsNamed()
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB)) { }
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        Assert.True(DiskImage.Check(child).IsHealthy);
        Fill(s["vm.vmdk"]); // writing the parent gives it a new CID
        var p = Single(CheckUntouched(s, child), DiskProblemKind.ParentCidMismatch);
        Assert.Contains("differs from CID", p.Message);
        var e = Assert.Throws<BadImageException>(() => DiskImage.Open(child));
        Assert.Contains("parentCID", e.Message);
    }

    [Fact]
    public void MissingParentFileIsNamed()
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["vm.vmdk"], DiskFormat.VmdkSparse, 4 * Sizes.MiB)) { }
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        File.Delete(s["vm.vmdk"]);
        var p = Single(CheckUntouched(s, child), DiskProblemKind.ParentMissing);
        Assert.Contains("parent file 'vm.vmdk' is missing", p.Message);
        var e = Assert.Throws<FileNotFoundException>(() => DiskImage.Open(child));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void DeltaGrainPastTheEndOfTheFileIsNamed()
    {
        using var s = new Scratch();
        using (DiskImage.Create(s["vm.vmdk"], DiskFormat.Vmdk, 4 * Sizes.MiB)) { }
        var child = DiskImage.Snapshot(s["vm.vmdk"]);
        Fill(child, 0, 4096);
        var delta = s["vm-000001-delta.vmdk"];
        var gt = BinaryPrimitives.ReadUInt32LittleEndian(ImageBytes.Read(delta, 2048, 4));
        var beyond = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(beyond, 999_999);
        ImageBytes.Patch(delta, gt * 512L, beyond);
        var p = Single(CheckUntouched(s, child), DiskProblemKind.GrainTableEntryPastEndOfFile);
        Assert.Contains("past the end of the delta", p.Message);
    }

    [Fact]
    public void DynamicVhdBlockPastTheEndIsNamed()
    {
        using var s = new Scratch();
        var path = s["d.vhd"];
        using (DiskImage.Create(path, DiskFormat.VhdDynamic, 8 * Sizes.MiB)) { }
        var beyond = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(beyond, 50_000);
        ImageBytes.Patch(path, 1536 + 4, beyond);
        var p = Single(CheckUntouched(s, path), DiskProblemKind.VhdBlockPastEndOfFile);
        Assert.Contains("BAT entry 1", p.Message);
    }

    [Fact]
    public void HealthyImagesOfEveryFormatPass()
    {
        using var s = new Scratch();
        foreach (var (format, name) in new[] { (DiskFormat.Raw, "a.img"), (DiskFormat.Vmdk, "b.vmdk"), (DiskFormat.VmdkSparse, "c.vmdk"), (DiskFormat.Vhd, "d.vhd"), (DiskFormat.VhdDynamic, "e.vhd") })
        {
            using (DiskImage.Create(s[name], format, 4 * Sizes.MiB)) { }
            Fill(s[name]);
            var r = DiskImage.Check(s[name]);
            Assert.True(r.IsHealthy, string.Join("; ", r.Problems));
            Assert.Equal(format, r.Format);
        }
    }
}
