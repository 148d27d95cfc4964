using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;

namespace Failback.Simulators.Azure.Storage;

/// <summary>
/// A page blob's disk seen through the blob service: writes are Put Page calls, which must start and
/// end on 512-byte boundaries and carry at most 4 MiB.
/// </summary>
internal sealed class PageBlobDevice(IBlockDevice inner, string uri, bool writable) : IBlockDevice
{
    public const int MaxPutPage = 4 * 1024 * 1024;

    public long Capacity => inner.Capacity;

    public void Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (!writable)
            throw new ArmException(403, new ArmError("AuthorizationPermissionMismatch", "The blob was opened read-only.", uri));
        if (offset % 512 != 0 || data.Length % 512 != 0)
            throw new ArmException(416, new ArmError("InvalidPageRange", $"Put Page ranges are 512-byte aligned; bytes {offset}..{offset + data.Length} are not.", uri));
        if (data.Length > MaxPutPage)
            throw new ArmException(413, new ArmError("RequestBodyTooLarge", $"Put Page carries at most 4 MiB; split the {data.Length}-byte write.", uri));
        if (offset + data.Length > Capacity)
            throw new ArmException(416, new ArmError("InvalidPageRange", $"Bytes {offset}..{offset + data.Length} run past the disk's {Capacity} bytes.", uri));
        inner.Write(offset, data);
    }

    public void Flush() => inner.Flush();
    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => inner.GetAllocatedExtents();
    public string TakeChangeId() => inner.TakeChangeId();
    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);
    public void Dispose() => inner.Dispose();
}
