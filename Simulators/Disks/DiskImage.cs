using System.Text;
using System.Text.RegularExpressions;
using Failback.Engine.Ports;
using Failback.Simulators.Disks.Check;
using Failback.Simulators.Disks.Layers;
using Failback.Simulators.Disks.Vhd;
using Failback.Simulators.Disks.Vmdk;

namespace Failback.Simulators.Disks;

/// <summary>
/// DiskSim's entry point: creates, opens, snapshots, consolidates, inspects and checks disk images that
/// qemu-img reads to the same bytes.
/// </summary>
public static partial class DiskImage
{
    private static readonly string[] AdapterTypes = ["ide", "buslogic", "lsilogic", "legacyESX"];

    public static IBlockDevice Create(string path, DiskFormat format, long capacity, DiskCreateOptions? options = null)
    {
        options ??= new DiskCreateOptions();
        if (capacity <= 0 || capacity % 512 != 0)
            throw new ArgumentException($"capacity {capacity} is not a positive multiple of 512 bytes.", nameof(capacity));
        if (!AdapterTypes.Contains(options.AdapterType))
            throw new ArgumentException($"adapter type '{options.AdapterType}' is not one of {string.Join(", ", AdapterTypes)}.", nameof(options));
        if (capacity > FormatLimits.For(format))
            throw new ArgumentException(
                $"{Sizes.Format(capacity)} is past the largest {format} disk, {Sizes.Format(FormatLimits.For(format))}; choose a smaller size.", nameof(capacity));
        // Nothing is created before every check passed; whatever a failure leaves half made is removed.
        var created = new[] { path, format == DiskFormat.Vmdk ? FlatName(path) : path }.Where(p => !File.Exists(p)).ToList();
        try
        {
            CreateFiles(path, format, capacity, options);
        }
        catch
        {
            foreach (var file in created) File.Delete(file);
            throw;
        }
        return Open(path);
    }

    private static void CreateFiles(string path, DiskFormat format, long capacity, DiskCreateOptions options)
    {
        var uuid = options.Uuid != Guid.Empty ? options.Uuid : Identity.UuidFor(path);
        var cid = options.Cid ?? Identity.CidFor(path);
        switch (format)
        {
            case DiskFormat.Raw:
                CreateDataFile(path, capacity, options.Thin);
                break;
            case DiskFormat.Vmdk:
            {
                var flat = FlatName(path);
                RequireAbsent(path, flat);
                var descriptor = VmdkDescriptor.Compose(cid, VmdkDescriptor.NoParent, "vmfs", null,
                    [new VmdkExtentLine("RW", capacity / 512, "VMFS", Path.GetFileName(flat), 0)], Ddb(capacity, uuid, cid, options));
                CreateDataFile(flat, capacity, options.Thin);
                File.WriteAllText(path, descriptor, new UTF8Encoding(false));
                break;
            }
            case DiskFormat.VmdkSparse:
            {
                RequireAbsent(path);
                var descriptor = VmdkDescriptor.Compose(cid, VmdkDescriptor.NoParent, "monolithicSparse", null,
                    [new VmdkExtentLine("RW", capacity / 512, "SPARSE", Path.GetFileName(path), 0)], Ddb(capacity, uuid, cid, options));
                HostedSparseExtent.Create(path, capacity, descriptor);
                break;
            }
            case DiskFormat.Vhd:
            {
                if (capacity % Sizes.MiB != 0)
                    throw new ArgumentException(
                        $"a fixed VHD for Azure holds a whole number of MiB (its file is N MiB + 512 bytes); {capacity} bytes is not. " +
                        $"Round up to {Sizes.Format((capacity + Sizes.MiB - 1) / Sizes.MiB * Sizes.MiB)}.", nameof(capacity));
                RequireAbsent(path);
                var footer = Footer(capacity, uuid, options, VhdFooter.TypeFixed);
                CreateDataFile(path, capacity + VhdFooter.Size, options.Thin);
                using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
                RandomAccess.Write(file, footer.ToBytes(), capacity);
                break;
            }
            case DiskFormat.VhdDynamic:
                RequireAbsent(path);
                DynamicVhdLayer.Create(path, Footer(capacity, uuid, options, VhdFooter.TypeDynamic) with { DataOffset = 512 });
                break;
            case DiskFormat.VmfsSparse:
                throw new ArgumentException("a vmfsSparse disk is a snapshot of another VMDK: create it with DiskImage.Snapshot(parentPath).", nameof(format));
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown disk format.");
        }
    }

    /// <summary>
    /// Opens an image with its chain. With <paramref name="confineTo"/> (a datastore's folder) every file the
    /// chain names must resolve inside that folder, so a descriptor cannot reach a host file.
    /// </summary>
    public static IBlockDevice Open(string path, bool writable = true, string? confineTo = null)
    {
        var chain = ImageOpener.OpenChain(path, writable, confineTo);
        var top = chain[0];
        // A snapshot chain is one disk: it keeps the base disk's identity, as vSphere's disk UUID does.
        return new DiskDevice(path, top.Format, writable, chain[^1].Uuid, top.Layer, chain.Select(l => l.Layer).ToList());
    }

    public static DiskFormat Detect(string path) => ImageOpener.Detect(path);

    public static string Snapshot(string vmdkPath, DiskCreateOptions? options = null, string? confineTo = null)
    {
        options ??= new DiskCreateOptions();
        var chain = ImageOpener.OpenChain(vmdkPath, writable: false, confineTo);
        try
        {
            if (chain[0].Layer is not VmdkLayer parent)
                throw new ArgumentException($"{vmdkPath} is a {chain[0].Format} image; only VMDK disks take vmfsSparse snapshots.", nameof(vmdkPath));
            var child = NextChildName(vmdkPath);
            var delta = DeltaName(child);
            RequireAbsent(child, delta, DiskDevice.TrackerPath(child));
            var cid = options.Cid ?? Identity.CidFor(child);
            var parentName = Path.GetFileName(vmdkPath);
            var ddb = parent.Descriptor.Ddb
                .Where(kv => kv.Key is "ddb.adapterType" || kv.Key.StartsWith("ddb.geometry.", StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => (kv.Key, kv.Value))
                .Append(("ddb.longContentID", LongContentId(cid)));
            var descriptor = VmdkDescriptor.Compose(cid, parent.Cid, "vmfsSparse", parentName,
                [new VmdkExtentLine("RW", parent.Capacity / 512, "VMFSSPARSE", Path.GetFileName(delta), 0)], ddb);
            try
            {
                CowdExtent.Create(delta, parent.Capacity, parentName);
                File.WriteAllText(child, descriptor, new UTF8Encoding(false));
                // Change ids issued before the snapshot stay valid on the child, as vSphere's CBT does.
                Cbt.ChangeTracker.Load(DiskDevice.TrackerPath(vmdkPath), chain[^1].Uuid.ToString("D"), parent.Capacity, parent.Cid)
                    ?.Save(DiskDevice.TrackerPath(child), cid);
            }
            catch
            {
                DiscardSnapshot(child); // a snapshot that failed halfway leaves no delta, descriptor or tracking behind
                throw;
            }
            return child;
        }
        finally
        {
            foreach (var l in chain) l.Layer.Dispose();
        }
    }

    /// <summary>
    /// Deletes the files of a snapshot child that nothing has written to yet (its descriptor, delta and change
    /// tracking), undoing a snapshot taken halfway. Files that are not there are skipped.
    /// </summary>
    public static void DiscardSnapshot(string childPath)
    {
        foreach (var file in new[] { childPath, DeltaName(childPath), DiskDevice.TrackerPath(childPath) })
            if (File.Exists(file)) File.Delete(file);
    }

    private static string DeltaName(string childPath) => VmdkBase(childPath) + "-delta.vmdk";

    public static void Consolidate(string childPath, string? confineTo = null)
    {
        var chain = ImageOpener.OpenChain(childPath, writable: false, confineTo);
        try
        {
            if (chain.Count < 2)
                throw new ArgumentException($"{childPath} has no parent: there is nothing to consolidate it into.", nameof(childPath));
            var parentPath = chain[1].Path;
            var dependents = Children(parentPath).Where(c => Path.GetFullPath(c) != Path.GetFullPath(childPath)).Concat(Children(childPath)).ToList();
            if (dependents.Count > 0)
                throw new InvalidOperationException(
                    $"cannot consolidate {childPath}: {string.Join(", ", dependents.Select(Path.GetFileName))} also depend on its data; consolidate the newest snapshot first.");
            using var target = (DiskDevice)Open(parentPath, writable: true, confineTo);
            var child = chain[0].Layer;
            var buffer = new byte[1024 * 1024];
            foreach (var extent in Coalesce(child.OwnExtents()))
            {
                for (var at = extent.Offset; at < extent.End; at += buffer.Length)
                {
                    var n = (int)Math.Min(buffer.Length, extent.End - at);
                    child.Read(at, buffer.AsSpan(0, n));
                    target.Write(at, buffer.AsSpan(0, n));
                }
            }
            // The child's tracking is the newer and already covers what the merge wrote: it becomes the parent's.
            target.AdoptTracking(DiskDevice.TrackerPath(childPath), chain[0].Cid ?? 0);
            target.Flush();
        }
        finally
        {
            foreach (var l in chain) l.Layer.Dispose();
        }
        foreach (var file in chain[0].Files.Append(DiskDevice.TrackerPath(childPath))) File.Delete(file);
    }

    public static DiskInfo Inspect(string path, string? confineTo = null)
    {
        var chain = ImageOpener.OpenChain(path, writable: false, confineTo);
        try
        {
            var links = chain.Select(l => new DiskChainLink(l.Path, l.Format, l.Layer.Capacity,
                Coalesce(l.Layer.OwnExtents()).Sum(e => e.Length), l.Cid, l.ParentCid, WithTracker(l))).ToList();
            var allocated = Coalesce(chain.SelectMany(l => l.Layer.OwnExtents()).OrderBy(e => e.Offset))
                .Sum(e => Math.Max(0, Math.Min(e.End, chain[0].Layer.Capacity) - e.Offset));
            return new DiskInfo(path, chain[0].Format, chain[0].Layer.Capacity, allocated, links);
        }
        finally
        {
            foreach (var l in chain) l.Layer.Dispose();
        }
    }

    public static DiskCheckResult Check(string path) => DiskChecker.Check(path);

    /// <summary>A link's files, with its saved change tracking when there is one, so whoever removes a disk removes it all.</summary>
    private static IReadOnlyList<string> WithTracker(ChainLink link)
    {
        var tracker = DiskDevice.TrackerPath(link.Path);
        return File.Exists(tracker) ? [.. link.Files, tracker] : link.Files;
    }

    private static List<DiskExtent> Coalesce(IEnumerable<DiskExtent> sorted) => Cbt.ChangeTracker.Coalesce(sorted);

    /// <summary>Descriptors in the same folder whose parentFileNameHint names <paramref name="path"/>.</summary>
    private static IEnumerable<string> Children(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var name = Path.GetFileName(path);
        foreach (var candidate in Directory.EnumerateFiles(dir, "*.vmdk"))
        {
            if (new FileInfo(candidate).Length > 64 * 1024) continue; // descriptors are small text files
            var text = File.ReadAllText(candidate);
            if (text.Contains($"parentFileNameHint=\"{name}\"", StringComparison.Ordinal)) yield return candidate;
        }
    }

    internal static string FlatName(string path) => VmdkBase(path) + "-flat.vmdk";

    private static string VmdkBase(string path) =>
        path.EndsWith(".vmdk", StringComparison.OrdinalIgnoreCase)
            ? path[..^".vmdk".Length]
            : throw new ArgumentException($"{path}: a VMDK path must end in .vmdk.", nameof(path));

    /// <summary>name.vmdk -> name-000001.vmdk; name-000001.vmdk -> name-000002.vmdk; skips names in use.</summary>
    private static string NextChildName(string path)
    {
        var stem = VmdkBase(path);
        var m = SnapshotSuffix().Match(stem);
        var root = m.Success ? stem[..m.Index] : stem;
        for (var n = m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1 : 1; n < 1_000_000; n++)
        {
            var candidate = $"{root}-{n:000000}.vmdk";
            if (!File.Exists(candidate)) return candidate;
        }
        throw new IOException($"{path}: no free snapshot name left.");
    }

    [GeneratedRegex(@"-(\d{6})$")]
    private static partial Regex SnapshotSuffix();

    private static void RequireAbsent(params string[] paths)
    {
        foreach (var p in paths)
            if (File.Exists(p)) throw new IOException($"{p} already exists; remove it or choose another name.");
    }

    private static void CreateDataFile(string path, long length, bool thin)
    {
        RequireAbsent(path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            PreallocationSize = thin ? 0 : length,
        };
        using var stream = new FileStream(path, options);
        stream.SetLength(length);
    }

    private static IEnumerable<(string, string)> Ddb(long capacity, Guid uuid, uint cid, DiskCreateOptions options)
    {
        var heads = options.AdapterType == "ide" ? 16 : 255;
        yield return ("ddb.adapterType", options.AdapterType);
        yield return ("ddb.geometry.cylinders", Math.Max(1, capacity / (heads * 63L * 512)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("ddb.geometry.heads", heads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("ddb.geometry.sectors", "63");
        yield return ("ddb.longContentID", LongContentId(cid));
        if (options.Thin) yield return ("ddb.thinProvisioned", "1");
        yield return ("ddb.uuid", Identity.ToDdbUuid(uuid));
        yield return ("ddb.virtualHWVersion", "19");
    }

    private static string LongContentId(uint cid) => $"{cid:x8}{Vmdk.VmdkLayer.NextCid(cid):x8}{~cid:x8}{cid ^ 0xa5a5a5a5:x8}";

    private static VhdFooter Footer(long capacity, Guid uuid, DiskCreateOptions options, uint type) => new()
    {
        Timestamp = VhdFooter.TimestampOf(options.CreatedAt),
        OriginalSize = capacity,
        CurrentSize = capacity,
        Geometry = VhdGeometry.FromCapacity(capacity),
        DiskType = type,
        UniqueId = uuid,
    };
}
