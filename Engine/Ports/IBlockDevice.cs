namespace Failback.Engine.Ports;

/// <summary>A byte range of a disk.</summary>
public readonly record struct DiskExtent(long Offset, long Length)
{
    public long End => Offset + Length;
}

/// <summary>
/// A virtual disk as the engine sees it, whatever its image format: bytes at any offset, allocation,
/// and changed-block tracking with vSphere's QueryChangedDiskAreas semantics.
/// </summary>
public interface IBlockDevice : IDisposable
{
    long Capacity { get; }

    /// <summary>Reads <c>buffer.Length</c> bytes at <paramref name="offset"/>; unallocated areas read as zeros.</summary>
    void Read(long offset, Span<byte> buffer);

    void Write(long offset, ReadOnlySpan<byte> data);

    void Flush();

    /// <summary>Allocated areas, ascending and coalesced.</summary>
    IReadOnlyList<DiskExtent> GetAllocatedExtents();

    /// <summary>
    /// Ends the current changed-block-tracking epoch and returns the change id that names this point.
    /// </summary>
    string TakeChangeId();

    /// <summary>
    /// The areas written since <paramref name="changeId"/> (ascending, coalesced; may over-report, never
    /// misses a change); <c>"*"</c> returns every allocated area.
    /// </summary>
    IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId);
}

/// <summary>
/// A disk that can copy a range of another disk inside the storage (like copy_file_range between image
/// files), without the bytes passing through the engine. Optional: callers fall back to Read and Write.
/// </summary>
public interface IBlockCopyTarget
{
    /// <summary>
    /// Copies bytes [offset, offset + length) of <paramref name="source"/> to the same place on this disk.
    /// Returns false, having changed nothing, when this pair of disks cannot copy that way.
    /// </summary>
    bool TryCopyFrom(IBlockDevice source, long offset, long length);
}

public static class BlockDeviceCopy
{
    /// <summary>
    /// Copies every allocated area of <paramref name="source"/> to the same place on <paramref name="target"/>
    /// (a disk of at least its capacity whose other areas already read as zeros): inside the storage where the
    /// target can (<see cref="IBlockCopyTarget"/>), else through a pooled 4 MiB buffer.
    /// </summary>
    public static void CopyAllocated(IBlockDevice source, IBlockDevice target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        byte[]? buffer = null;
        try
        {
            foreach (var extent in source.GetAllocatedExtents())
            {
                if (target is IBlockCopyTarget copier && copier.TryCopyFrom(source, extent.Offset, extent.Length)) continue;
                buffer ??= System.Buffers.ArrayPool<byte>.Shared.Rent(4 << 20);
                for (var at = extent.Offset; at < extent.End;)
                {
                    var chunk = (int)Math.Min(4 << 20, extent.End - at);
                    source.Read(at, buffer.AsSpan(0, chunk));
                    target.Write(at, buffer.AsSpan(0, chunk));
                    at += chunk;
                }
            }
        }
        finally
        {
            if (buffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
