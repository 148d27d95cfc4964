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
