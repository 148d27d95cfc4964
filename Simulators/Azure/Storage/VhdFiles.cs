using Failback.Engine.Ports;
using Failback.Simulators.Disks;

namespace Failback.Simulators.Azure.Storage;

/// <summary>
/// Where page blobs and managed disks live: fixed VHD files (N MiB + 512 bytes, sparse) under the
/// storage root, written by DiskSim so qemu-img reads them as Azure would.
/// </summary>
internal sealed class VhdFiles(string root)
{
    private const int CopyBlock = 1024 * 1024;

    public string ManagedDisk(string resourceGroup, string name) => Path.Combine(root, "disks", resourceGroup.ToLowerInvariant(), name.ToLowerInvariant() + ".vhd");

    public string Blob(string account, string container, string blob) => Path.Combine(root, "blobs", account, container, blob);

    public string Account(string account) => Path.Combine(root, "blobs", account);

    /// <summary>A new zero-filled fixed VHD of <paramref name="capacity"/> bytes (a whole number of MiB), replacing any old one.</summary>
    public void Create(string path, long capacity, Guid uniqueId, DateTimeOffset now)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using var disk = DiskImage.Create(path, DiskFormat.Vhd, capacity, new DiskCreateOptions { Uuid = uniqueId, CreatedAt = now });
    }

    public IBlockDevice Open(string path, bool writable) => DiskImage.Open(path, writable);

    /// <summary>Copies a VHD's content into a new fixed VHD, allocated areas only, so sparse stays sparse.</summary>
    public void Copy(string source, string target, Guid uniqueId, DateTimeOffset now)
    {
        using var from = Open(source, writable: false);
        Create(target, from.Capacity, uniqueId, now);
        using var to = Open(target, writable: true);
        var buffer = new byte[CopyBlock];
        foreach (var extent in from.GetAllocatedExtents())
            for (var at = extent.Offset; at < extent.End; at += CopyBlock)
            {
                var n = (int)Math.Min(CopyBlock, extent.End - at);
                from.Read(at, buffer.AsSpan(0, n));
                to.Write(at, buffer.AsSpan(0, n));
            }
        to.Flush();
    }

    public static void Delete(string path) => File.Delete(path);
}
