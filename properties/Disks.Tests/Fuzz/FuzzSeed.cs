using Failback.Simulators.Disks;

namespace Failback.Disks.Tests.Fuzz;

/// <summary>A healthy image to mutate: its folder's files, the file to open, and which of them hold metadata.</summary>
internal sealed record FuzzSeed(string Name, string Dir, string Top, IReadOnlyList<string> Files)
{
    public string Kind => Name;

    /// <summary>Our own images, one set per format, with data written and change tracking saved beside them.</summary>
    public static IEnumerable<FuzzSeed> Ours(string root)
    {
        yield return Make(root, "vmdk", "vm.vmdk", DiskFormat.Vmdk);
        yield return Make(root, "vmdk-sparse", "vm.vmdk", DiskFormat.VmdkSparse);
        yield return Make(root, "vhd", "vm.vhd", DiskFormat.Vhd);
        yield return Make(root, "vhd-dynamic", "vm.vhd", DiskFormat.VhdDynamic);
        // A vmfsSparse snapshot over a vmfs base: the chain, the COWD delta and both descriptors.
        var dir = Directory.CreateDirectory(Path.Combine(root, "vmfs-sparse")).FullName;
        var base_ = Path.Combine(dir, "vm.vmdk");
        using (var d = DiskImage.Create(base_, DiskFormat.Vmdk, 4 * Sizes.MiB)) Fill(d, 1);
        var child = DiskImage.Snapshot(base_);
        using (var d = DiskImage.Open(child)) Fill(d, 2);
        yield return new FuzzSeed("vmfs-sparse", dir, child, Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Images qemu-img made and qemu-io wrote: monolithicSparse, monolithicFlat, a qemu child, fixed and dynamic VHD.</summary>
    public static IEnumerable<FuzzSeed> QemuMade(string root)
    {
        yield return Qemu(root, "qemu-vmdk-sparse", "q.vmdk", "vmdk", ["-o", "subformat=monolithicSparse"]);
        yield return Qemu(root, "qemu-vmdk-flat", "q.vmdk", "vmdk", ["-o", "subformat=monolithicFlat"]);
        yield return Qemu(root, "qemu-vhd-dynamic", "q.vhd", "vpc", ["-o", "subformat=dynamic"]);
        yield return Qemu(root, "qemu-vhd-fixed", "q.vhd", "vpc", ["-o", "subformat=fixed,force_size=on"]);
        var dir = Directory.CreateDirectory(Path.Combine(root, "qemu-vmdk-child")).FullName;
        var parent = Path.Combine(dir, "base.vmdk");
        var child = Path.Combine(dir, "child.vmdk");
        Tool.Ok("qemu-img", "create", "-q", "-f", "vmdk", parent, "4M");
        Tool.Ok("qemu-io", "-f", "vmdk", "-c", "write -P 0x5a 0 1M", parent);
        Tool.Ok("qemu-img", "create", "-q", "-f", "vmdk", "-b", parent, "-F", "vmdk", child);
        Tool.Ok("qemu-io", "-f", "vmdk", "-c", "write -P 0xdd 512k 128k", "-c", "write -P 0xee 3M 4k", child);
        yield return new FuzzSeed("qemu-vmdk-child", dir, child, Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList());
    }

    private static FuzzSeed Qemu(string root, string name, string file, string format, string[] options)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var path = Path.Combine(dir, file);
        Tool.Ok("qemu-img", ["create", "-q", "-f", format, .. options, path, "4M"]);
        Tool.Ok("qemu-io", "-f", format, "-c", "write -P 0xab 0 64k", "-c", "write -P 0xcd 1M 4k", "-c", "write -P 0xef 3M 300k", path);
        return new FuzzSeed(name, dir, path, Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList());
    }

    private static FuzzSeed Make(string root, string name, string file, DiskFormat format)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var path = Path.Combine(dir, file);
        using (var d = DiskImage.Create(path, format, 4 * Sizes.MiB)) Fill(d, 0);
        return new FuzzSeed(name, dir, path, Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>A few scattered writes, so grain tables and the BAT hold entries and change tracking has blocks.</summary>
    private static void Fill(Engine.Ports.IBlockDevice d, int seed)
    {
        var random = new Random(seed);
        var data = new byte[70_000];
        foreach (var at in new long[] { 0, 1_000_000, 3 * Sizes.MiB + 4096 })
        {
            random.NextBytes(data);
            d.Write(at, data);
        }
        if (d is DiskDevice device) device.TakeChangeId();
        d.Flush();
    }

    /// <summary>Copies the seed's files into a fresh folder; returns the copy's top path.</summary>
    public string CopyTo(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var f in Files) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return Path.Combine(dir, Path.GetFileName(Top));
    }
}
