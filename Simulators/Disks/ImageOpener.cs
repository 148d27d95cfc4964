using System.Text;
using Failback.Simulators.Disks.Layers;
using Failback.Simulators.Disks.Vhd;
using Failback.Simulators.Disks.Vmdk;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks;

/// <summary>Detects formats and opens an image with its parents, newest link first. Never writes.</summary>
internal static class ImageOpener
{
    public static DiskFormat Detect(string path)
    {
        RequireFile(path);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        var head = new byte[(int)Math.Min(length, 4096)];
        RandomAccess.Read(file, head, 0);
        if (head.Length >= 4 && BitConverter.ToUInt32(head) == SparseExtentHeader.Magic) return DiskFormat.VmdkSparse;
        if (head.Length >= 4 && BitConverter.ToUInt32(head) == CowdHeader.Magic) return DiskFormat.VmfsSparse;
        if (VhdFooter.HasCookie(head))
        {
            var type = head.Length >= 64 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(60)) : 0;
            return type == VhdFooter.TypeDynamic ? DiskFormat.VhdDynamic
                : throw new NotSupportedException($"{path}: VHD disk type {type} is not supported (fixed and dynamic are; differencing VHDs are not followed by qemu either).");
        }
        if (length >= VhdFooter.Size)
        {
            var tail = new byte[VhdFooter.Size];
            RandomAccess.Read(file, tail, length - VhdFooter.Size);
            if (VhdFooter.HasCookie(tail)) return DiskFormat.Vhd;
        }
        if (head.Length > 0 && VmdkDescriptor.LooksLikeDescriptor(head))
        {
            var descriptor = VmdkDescriptor.Parse(File.ReadAllText(path), path);
            return FormatOf(descriptor, path);
        }
        return DiskFormat.Raw;
    }

    private static DiskFormat FormatOf(VmdkDescriptor d, string path) => d.CreateType switch
    {
        "vmfs" or "monolithicFlat" or "twoGbMaxExtentFlat" or "vmfsPreallocated" or "vmfsEagerZeroedThick" => DiskFormat.Vmdk,
        "vmfsSparse" => DiskFormat.VmfsSparse,
        "monolithicSparse" or "twoGbMaxExtentSparse" => DiskFormat.VmdkSparse,
        _ => throw new NotSupportedException($"{path}: VMDK createType \"{d.CreateType}\" is not supported (vmfs, monolithicFlat, monolithicSparse, vmfsSparse and twoGbMaxExtent* are)."),
    };

    internal static void RequireFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such image file.", path);
    }

    /// <summary>Opens the chain; on failure closes whatever it opened.</summary>
    public static List<ChainLink> OpenChain(string path, bool writable)
    {
        var chain = new List<ChainLink>();
        try
        {
            var link = OpenLink(path, writable);
            chain.Add(link);
            while (link.ParentCid is { } parentCid && parentCid != VmdkDescriptor.NoParent)
            {
                var layer = (VmdkLayer)link.Layer;
                var hint = layer.Descriptor.ParentFileNameHint
                    ?? throw new InvalidDataException($"{link.Path}: parentCID is {parentCid:x8} but the descriptor has no parentFileNameHint.");
                var parentPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(link.Path))!, hint);
                if (!File.Exists(parentPath))
                    throw new FileNotFoundException($"{link.Path}: parent '{hint}' is missing; the snapshot cannot be read without it.", parentPath);
                var parent = OpenLink(parentPath, writable: false);
                chain.Add(parent);
                if (parent.Cid != parentCid)
                    throw new InvalidDataException(
                        $"{link.Path}: parentCID {parentCid:x8} differs from CID {parent.Cid:x8} of its parent {hint}; the parent changed after the snapshot was taken.");
                layer.SetParent(parent.Layer);
                link = parent;
            }
            return chain;
        }
        catch
        {
            foreach (var l in chain) l.Layer.Dispose();
            throw;
        }
    }

    private static SafeFileHandle OpenFile(string path, bool writable)
    {
        RequireFile(path);
        return File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private static ChainLink OpenLink(string path, bool writable)
    {
        var format = Detect(path);
        switch (format)
        {
            case DiskFormat.Raw:
            {
                var file = OpenFile(path, writable);
                var layer = new FlatLayer(file, 0, RandomAccess.GetLength(file));
                return new ChainLink(path, format, layer, Identity.UuidFor(path), null, null, [path]);
            }
            case DiskFormat.Vhd:
            {
                var file = OpenFile(path, writable);
                try
                {
                    var footer = ReadFooter(file, RandomAccess.GetLength(file) - VhdFooter.Size, path);
                    if (footer.DiskType != VhdFooter.TypeFixed)
                        throw new InvalidDataException($"{path}: the footer says disk type {footer.DiskType}, but only a fixed VHD (2) has no header copy at offset 0.");
                    if (footer.CurrentSize > RandomAccess.GetLength(file) - VhdFooter.Size)
                        throw new InvalidDataException($"{path}: the footer says {footer.CurrentSize} bytes but the file holds only {RandomAccess.GetLength(file) - VhdFooter.Size} before the footer.");
                    return new ChainLink(path, format, new FlatLayer(file, 0, footer.CurrentSize), footer.UniqueId, null, null, [path]);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            case DiskFormat.VhdDynamic:
            {
                var file = OpenFile(path, writable);
                try
                {
                    var footer = ReadFooter(file, 0, path);
                    return new ChainLink(path, format, DynamicVhdLayer.Open(file, footer, path), footer.UniqueId, null, null, [path]);
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            default:
                return OpenVmdk(path, format, writable);
        }
    }

    internal static VhdFooter ReadFooter(SafeFileHandle file, long at, string path)
    {
        var b = new byte[VhdFooter.Size];
        RandomAccess.Read(file, b, at);
        return VhdFooter.Parse(b, path);
    }

    private static ChainLink OpenVmdk(string path, DiskFormat format, bool writable)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var opened = new List<DiskLayer>();
        SafeFileHandle? own = null;
        try
        {
            VmdkDescriptor descriptor;
            Action<string> save;
            HostedSparseExtent? embedded = null;
            if (format == DiskFormat.VmdkSparse && !IsTextFile(path))
            {
                own = OpenFile(path, writable);
                embedded = HostedSparseExtent.Open(own, path);
                var text = HostedSparseExtent.ReadDescriptor(own, embedded.Header);
                descriptor = text.Length > 0
                    ? VmdkDescriptor.Parse(text, path)
                    : throw new InvalidDataException($"{path}: the sparse extent carries no descriptor.");
                save = embedded.WriteDescriptor;
            }
            else
            {
                descriptor = VmdkDescriptor.Parse(File.ReadAllText(path), path);
                save = text => File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            var files = new List<string> { path };
            foreach (var line in descriptor.Extents)
            {
                var extentPath = Path.Combine(dir, line.FileName);
                if (embedded is not null && Path.GetFullPath(extentPath) == Path.GetFullPath(path))
                {
                    opened.Add(CheckSize(embedded, line, path));
                    continue;
                }
                files.Add(extentPath);
                if (!File.Exists(extentPath))
                    throw new FileNotFoundException($"{path}: extent file '{line.FileName}' is missing.", extentPath);
                var file = OpenFile(extentPath, writable && line.Access == "RW");
                DiskLayer layer;
                try
                {
                    layer = line.Type switch
                    {
                        "VMFS" or "FLAT" => new FlatLayer(file, line.Offset * 512, line.Sectors * 512),
                        "SPARSE" => CheckSize(HostedSparseExtent.Open(file, extentPath), line, path),
                        "VMFSSPARSE" => CheckSize(CowdExtent.Open(file, extentPath), line, path),
                        _ => throw new NotSupportedException($"{path}: extent type {line.Type} is not supported (VMFS, FLAT, SPARSE and VMFSSPARSE are)."),
                    };
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
                opened.Add(layer);
            }
            var uuid = descriptor.Ddb.TryGetValue("ddb.uuid", out var u) && Identity.TryParseDdbUuid(u, out var g) ? g : Identity.UuidFor(path);
            var vmdk = new VmdkLayer(path, descriptor, format, opened, files, save);
            return new ChainLink(path, format, vmdk, uuid, descriptor.Cid, descriptor.ParentCid, files);
        }
        catch
        {
            foreach (var l in opened) l.Dispose();
            own?.Dispose();
            throw;
        }
    }

    private static DiskLayer CheckSize(DiskLayer extent, VmdkExtentLine line, string path) =>
        extent.Capacity >= line.Sectors * 512
            ? extent
            : throw new InvalidDataException($"{path}: extent '{line.FileName}' holds {extent.Capacity / 512} sectors but the descriptor says {line.Sectors}.");

    private static bool IsTextFile(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[4];
        return RandomAccess.Read(file, head, 0) < 4 || BitConverter.ToUInt32(head) != SparseExtentHeader.Magic;
    }
}
