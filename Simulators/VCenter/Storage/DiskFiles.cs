using Failback.Engine.Ports;
using Failback.Simulators.Disks;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>
/// The VM disk files on a datastore, through DiskSim: ESXi <c>vmfs</c> VMDKs (descriptor plus sparse
/// <c>-flat.vmdk</c>, so a thin 100 GiB disk costs a few bytes), vmfsSparse snapshot children, and
/// consolidation of a child into its parent. Every file a datastore disk's chain names must resolve inside
/// the datastore's folder: a descriptor can name any host file as an extent or parent.
/// </summary>
internal static class DiskFiles
{
    public static void CreateVmDisk(string localPath, long capacity, bool thin, Guid uuid, string adapterType, DateTimeOffset now)
    {
        using var device = DiskImage.Create(localPath, DiskFormat.Vmdk, capacity,
            new DiskCreateOptions { Uuid = uuid, Thin = thin, AdapterType = adapterType, CreatedAt = now });
    }

    /// <summary>A physical server's disk, kept as a thin VMDK image.</summary>
    public static void CreatePhysical(string localPath, long capacity, Guid uuid, DateTimeOffset now) =>
        CreateVmDisk(localPath, capacity, thin: true, uuid, "lsilogic", now);

    /// <summary>Opens a disk; with a <paramref name="datastoreFolder"/>, only files inside it.</summary>
    public static IBlockDevice Open(string localPath, bool writable, string? datastoreFolder) => DiskImage.Open(localPath, writable, datastoreFolder);

    /// <summary>Takes a vmfsSparse child of the newest file; returns the child's local path.</summary>
    public static string Snapshot(string localPath, string datastoreFolder) => DiskImage.Snapshot(localPath, confineTo: datastoreFolder);

    /// <summary>Deletes a snapshot child taken halfway (nothing written to it yet).</summary>
    public static void DiscardSnapshot(string childLocalPath) => DiskImage.DiscardSnapshot(childLocalPath);

    /// <summary>Merges the newest file into its parent and deletes it.</summary>
    public static void Consolidate(string childLocalPath, string datastoreFolder) => DiskImage.Consolidate(childLocalPath, datastoreFolder);

    /// <summary>Bytes allocated by each file of the chain, newest first.</summary>
    public static IReadOnlyList<long> AllocatedPerLink(string localPath, string datastoreFolder) =>
        DiskImage.Inspect(localPath, datastoreFolder).Chain.Select(l => l.AllocatedBytes).ToList();

    /// <summary>Every file of the chain (descriptors and extents), newest link first.</summary>
    public static IReadOnlyList<string> ChainFiles(string localPath, string datastoreFolder) =>
        DiskImage.Inspect(localPath, datastoreFolder).Chain.SelectMany(l => l.Files.Prepend(l.Path)).Distinct(StringComparer.Ordinal).ToList();

    public static (long Capacity, bool Thin, Guid Uuid, IReadOnlyList<string> Chain) Describe(string localPath, string datastoreFolder)
    {
        var info = DiskImage.Inspect(localPath, datastoreFolder);
        var baseDescriptor = File.ReadAllText(info.Chain[^1].Path);
        var thin = baseDescriptor.Contains("ddb.thinProvisioned = \"1\"", StringComparison.Ordinal);
        var uuidLine = baseDescriptor.Split('\n').FirstOrDefault(l => l.StartsWith("ddb.uuid", StringComparison.Ordinal));
        var uuid = uuidLine is null ? Guid.Empty : VmxFile.ParseUuid(uuidLine[(uuidLine.IndexOf('"', StringComparison.Ordinal) + 1)..].TrimEnd('"', '\r'));
        return (info.Capacity, thin, uuid, info.Chain.Select(l => l.Path).Reverse().ToList());
    }
}
