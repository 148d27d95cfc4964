using Failback.Engine.Ports;
using Failback.Simulators.Disks;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>
/// The VM disk files on a datastore, through DiskSim: ESXi <c>vmfs</c> VMDKs (descriptor plus sparse
/// <c>-flat.vmdk</c>, so a thin 100 GiB disk costs a few bytes), vmfsSparse snapshot children, and
/// consolidation of a child into its parent.
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

    public static IBlockDevice Open(string localPath, bool writable) => DiskImage.Open(localPath, writable);

    /// <summary>Takes a vmfsSparse child of the newest file; returns the child's local path.</summary>
    public static string Snapshot(string localPath) => DiskImage.Snapshot(localPath);

    /// <summary>Merges the newest file into its parent and deletes it.</summary>
    public static void Consolidate(string childLocalPath) => DiskImage.Consolidate(childLocalPath);

    /// <summary>Bytes allocated by each file of the chain, newest first.</summary>
    public static IReadOnlyList<long> AllocatedPerLink(string localPath) =>
        DiskImage.Inspect(localPath).Chain.Select(l => l.AllocatedBytes).ToList();

    /// <summary>Every file of the chain (descriptors and extents), newest link first.</summary>
    public static IReadOnlyList<string> ChainFiles(string localPath) =>
        DiskImage.Inspect(localPath).Chain.SelectMany(l => l.Files.Prepend(l.Path)).Distinct(StringComparer.Ordinal).ToList();

    public static (long Capacity, bool Thin, Guid Uuid, IReadOnlyList<string> Chain) Describe(string localPath)
    {
        var info = DiskImage.Inspect(localPath);
        var baseDescriptor = File.ReadAllText(info.Chain[^1].Path);
        var thin = baseDescriptor.Contains("ddb.thinProvisioned = \"1\"", StringComparison.Ordinal);
        var uuidLine = baseDescriptor.Split('\n').FirstOrDefault(l => l.StartsWith("ddb.uuid", StringComparison.Ordinal));
        var uuid = uuidLine is null ? Guid.Empty : VmxFile.ParseUuid(uuidLine[(uuidLine.IndexOf('"', StringComparison.Ordinal) + 1)..].TrimEnd('"', '\r'));
        return (info.Capacity, thin, uuid, info.Chain.Select(l => l.Path).Reverse().ToList());
    }
}
