using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;

namespace Failback.Simulators.Azure.Storage;

/// <summary>
/// A page blob's disk seen through the blob service: writes are Put Page calls, which must start and
/// end on 512-byte boundaries and carry at most 4 MiB; copies from another page blob are Put Page From
/// URL calls (the same limits), which the service serves without the bytes leaving the storage. A blob opened through a
/// SAS with an expiry presents it on every call: <paramref name="expired"/> answers the refusal once it has passed.
/// </summary>
internal sealed class PageBlobDevice(IBlockDevice inner, string uri, bool writable, Func<ArmException?>? expired = null) : IBlockDevice, IBlockCopyTarget
{
    public const int MaxPutPage = 4 * 1024 * 1024;

    public long Capacity => inner.Capacity;

    /// <summary>The disk behind the blob, for the service's own copies between blobs.</summary>
    private IBlockDevice Disk => inner;

    public void Read(long offset, Span<byte> buffer)
    {
        if (expired?.Invoke() is { } refused) throw refused;
        inner.Read(offset, buffer);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        CheckPutPage(offset, data.Length);
        if (data.Length > MaxPutPage)
            throw new ArmException(413, new ArmError("RequestBodyTooLarge", $"Put Page carries at most 4 MiB; split the {data.Length}-byte write.", uri));
        inner.Write(offset, data);
    }

    /// <summary>Put Page From URL, one call per 4 MiB: false, having changed nothing, when the source is not a page blob of this service.</summary>
    public bool TryCopyFrom(IBlockDevice source, long offset, long length)
    {
        if (source is not PageBlobDevice from || inner is not IBlockCopyTarget copier) return false;
        CheckPutPage(offset, length);
        for (var at = offset; at < offset + length; at += MaxPutPage)
        {
            var piece = (int)Math.Min(MaxPutPage, offset + length - at);
            if (copier.TryCopyFrom(from.Disk, at, piece)) continue;
            if (at == offset) return false;
            // A later piece the storage would not copy (it copied the first ones): this one through memory.
            var bytes = new byte[piece];
            from.Disk.Read(at, bytes);
            inner.Write(at, bytes);
        }
        return true;
    }

    private void CheckPutPage(long offset, long length)
    {
        if (expired?.Invoke() is { } refused) throw refused;
        if (!writable)
            throw new ArmException(403, new ArmError("AuthorizationPermissionMismatch", "The blob was opened read-only.", uri));
        if (offset % 512 != 0 || length % 512 != 0)
            throw new ArmException(416, new ArmError("InvalidPageRange", $"Put Page ranges are 512-byte aligned; bytes {offset}..{offset + length} are not.", uri));
        if (offset + length > Capacity)
            throw new ArmException(416, new ArmError("InvalidPageRange", $"Bytes {offset}..{offset + length} run past the disk's {Capacity} bytes.", uri));
    }

    public void Flush() => inner.Flush();
    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => inner.GetAllocatedExtents();
    public string TakeChangeId() => inner.TakeChangeId();
    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);
    public void Dispose() => inner.Dispose();
}
