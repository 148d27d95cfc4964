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
                : throw new BadImageException(path, "the VHD disk type", type, "DiskSim reads fixed (2) and dynamic (3) VHDs; differencing VHDs are not followed by qemu either");
        }
        if (length >= VhdFooter.Size)
        {
            var tail = new byte[VhdFooter.Size];
            RandomAccess.Read(file, tail, length - VhdFooter.Size);
            if (VhdFooter.HasCookie(tail)) return DiskFormat.Vhd;
        }
        if (head.Length > 0 && VmdkDescriptor.LooksLikeDescriptor(head))
        {
            return FormatOf(VmdkDescriptor.Read(path), path);
        }
        return DiskFormat.Raw;
    }

    private static DiskFormat FormatOf(VmdkDescriptor d, string path) => d.CreateType switch
    {
        "vmfs" or "monolithicFlat" or "twoGbMaxExtentFlat" or "vmfsPreallocated" or "vmfsEagerZeroedThick" => DiskFormat.Vmdk,
        "vmfsSparse" => DiskFormat.VmfsSparse,
        "monolithicSparse" or "twoGbMaxExtentSparse" => DiskFormat.VmdkSparse,
        _ => throw new BadImageException(path, "the descriptor's createType", $"\"{d.CreateType}\"",
            "DiskSim reads vmfs, monolithicFlat, monolithicSparse, vmfsSparse and twoGbMaxExtent*"),
    };

    internal static void RequireFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such image file.", path);
    }

    /// <summary>
    /// Opens the chain; on failure closes whatever it opened. A link seen twice is a cycle and a chain past
    /// <see cref="FormatLimits.MaxChainLinks"/> is refused, so open files stay bounded. With a
    /// <paramref name="root"/>, every file of the chain must resolve (after symbolic links) inside it.
    /// </summary>
    public static List<ChainLink> OpenChain(string path, bool writable, string? root = null)
    {
        var chain = new List<ChainLink>();
        try
        {
            if (root is not null) RequireInside(root, path, path, "the image");
            var link = OpenLink(path, writable, root);
            chain.Add(link);
            var seen = new HashSet<string>(StringComparer.Ordinal) { RealPath(path) };
            while (NextParent(link) is { } parentPath)
            {
                var parentCid = link.ParentCid!.Value;
                var hint = ((VmdkLayer)link.Layer).Descriptor.ParentFileNameHint!;
                if (!seen.Add(RealPath(parentPath)))
                    throw new BadImageException(link.Path, "parentFileNameHint", $"\"{hint}\"", "it leads back to a link already in the chain (a cycle)");
                if (chain.Count >= FormatLimits.MaxChainLinks)
                    throw new BadImageException(path, "the snapshot chain's length", chain.Count + 1, $"at most {FormatLimits.MaxChainLinks} links are followed");
                if (root is not null) RequireInside(root, parentPath, link.Path, "parentFileNameHint");
                var parent = OpenLink(parentPath, writable: false, root);
                chain.Add(parent);
                if (parent.Cid != parentCid)
                    throw new BadImageException(link.Path, "parentCID", $"{parentCid:x8}",
                        $"it differs from CID {parent.Cid:x8} of its parent {hint}; the parent changed after the snapshot was taken");
                ((VmdkLayer)link.Layer).SetParent(parent.Layer);
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

    /// <summary>The parent file a link names, null for a base disk; a snapshot whose parent link is damaged throws.</summary>
    private static string? NextParent(ChainLink link)
    {
        if (link.Layer is not VmdkLayer layer) return null;
        var d = layer.Descriptor;
        if (d.ParentCid == VmdkDescriptor.NoParent)
        {
            // The spec has no vmfsSparse without a parent: its unwritten sectors belong to the parent. qemu
            // opens one standalone and reads zeros there; DiskSim refuses it rather than return wrong bytes.
            return link.Format == DiskFormat.VmfsSparse
                ? throw new BadImageException(link.Path, "parentCID", "ffffffff (no parent)",
                    $"a vmfsSparse snapshot reads its unwritten sectors from its parent{(d.ParentFileNameHint is { } h ? $" ('{h}')" : "")}, so its parent link is damaged")
                : null;
        }
        var hint = d.ParentFileNameHint
            ?? throw new BadImageException(link.Path, "parentFileNameHint", "missing", $"parentCID is {d.ParentCid:x8}, so the descriptor must name its parent");
        var parentPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(link.Path))!, hint);
        return File.Exists(parentPath)
            ? parentPath
            : throw new FileNotFoundException($"{link.Path}: parent '{hint}' is missing; the snapshot cannot be read without it.", parentPath);
    }

    /// <summary>The file's path with every symbolic link resolved, so two spellings of one file compare equal.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        var realDir = dir is null ? null : RealDirectory(dir);
        var joined = realDir is null ? full : Path.Combine(realDir, Path.GetFileName(full));
        return File.ResolveLinkTarget(joined, returnFinalTarget: true)?.FullName is { } target ? Path.GetFullPath(target) : joined;
    }

    private static string RealDirectory(string dir)
    {
        var info = new DirectoryInfo(dir);
        if (info.Parent is null) return info.FullName;
        var parent = RealDirectory(info.Parent.FullName);
        var joined = Path.Combine(parent, info.Name);
        return Directory.ResolveLinkTarget(joined, returnFinalTarget: true)?.FullName is { } target ? Path.GetFullPath(target) : joined;
    }

    /// <summary>Refuses a file that resolves outside <paramref name="root"/> (a descriptor naming a host file).</summary>
    internal static void RequireInside(string root, string file, string namedBy, string field)
    {
        var realRoot = RealDirectory(Path.GetFullPath(root)).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var real = RealPath(file);
        if (!real.StartsWith(realRoot, StringComparison.Ordinal))
            throw new BadImageException(namedBy, field, $"'{file}' (resolving to {real})", $"every file of a disk must lie inside {realRoot}");
    }

    private static SafeFileHandle OpenFile(string path, bool writable)
    {
        RequireFile(path);
        return File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private static ChainLink OpenLink(string path, bool writable, string? root)
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
                        throw new BadImageException(path, "the VHD footer's disk type", footer.DiskType, "only a fixed VHD (2) has no footer copy at offset 0");
                    if (footer.CurrentSize > RandomAccess.GetLength(file) - VhdFooter.Size)
                        throw new BadImageException(path, "the VHD footer's current size", footer.CurrentSize,
                            $"the file holds only {RandomAccess.GetLength(file) - VhdFooter.Size} bytes before the footer");
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
                return OpenVmdk(path, format, writable, root);
        }
    }

    internal static VhdFooter ReadFooter(SafeFileHandle file, long at, string path)
    {
        var b = new byte[VhdFooter.Size];
        RandomAccess.Read(file, b, at);
        return VhdFooter.Parse(b, path);
    }

    private static ChainLink OpenVmdk(string path, DiskFormat format, bool writable, string? root)
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
                var text = HostedSparseExtent.ReadDescriptor(own, embedded.Header, path);
                descriptor = text.Length > 0
                    ? VmdkDescriptor.Parse(text, path)
                    : throw new BadImageException(path, "the embedded descriptor", "empty", "a monolithicSparse extent carries its descriptor");
                save = embedded.WriteDescriptor;
            }
            else
            {
                descriptor = VmdkDescriptor.Read(path);
                save = text => File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            var files = new List<string> { path };
            var sizes = new List<long>();
            foreach (var line in descriptor.Extents)
            {
                var extentPath = Path.Combine(dir, line.FileName);
                sizes.Add(line.Sectors * 512);
                // A KDMV file is its own (only) extent whatever its embedded line calls it, so a renamed
                // monolithicSparse image still opens, as qemu opens it.
                if (embedded is not null && (descriptor.Extents.Count == 1 || Path.GetFullPath(extentPath) == Path.GetFullPath(path)))
                {
                    opened.Add(CheckSize(embedded, line, path));
                    continue;
                }
                if (root is not null) RequireInside(root, extentPath, path, "extent file");
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
                        _ => throw new BadImageException(path, "an extent's type", line.Type, "DiskSim reads VMFS, FLAT, SPARSE and VMFSSPARSE extents"),
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
            var vmdk = new VmdkLayer(path, descriptor, format, opened, sizes, files, save);
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
            : throw new BadImageException(path, $"the size of extent '{line.FileName}' (sectors)", line.Sectors,
                $"the extent itself holds only {extent.Capacity / 512} sectors");

    private static bool IsTextFile(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = new byte[4];
        return RandomAccess.Read(file, head, 0) < 4 || BitConverter.ToUInt32(head) != SparseExtentHeader.Magic;
    }
}
