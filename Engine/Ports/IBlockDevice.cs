namespace Failback.Engine.Ports;

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
