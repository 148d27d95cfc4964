using Failback.Engine.Ports;
using Failback.Engine.Replication;

namespace Failback.Scenarios.World;

/// <summary>
/// The harness's record of what a guest really wrote, independent of the engine: each disk's content when
/// recording began (sparse) and every write since, so it can rebuild a disk after any prefix of the writes, say
/// which writes a failover to a point loses, and compare a recovered disk with the truth. Drills keep one per
/// machine and epoch (an epoch starts again from the recovered disks after each failover); engine tests wrap a
/// disk with <see cref="Record"/>, above the mobility agent, so write number n is the agent's sequence n.
/// Memory follows the disks' sizes plus a few dozen bytes per write: a drawn write stays a description, also in a
/// rebuilt content, and its bytes are made where a content is compared with a disk.
/// </summary>
public sealed class GroundTruth(TimeProvider? time = null)
{
    private readonly Dictionary<string, SparseContent> _initial = new(StringComparer.Ordinal);
    private readonly List<TruthWrite> _writes = [];
    /// <summary>Each disk's writes (indexes into <see cref="_writes"/>), so rebuilding one disk skips the others' writes.</summary>
    private readonly Dictionary<string, List<int>> _byDisk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Writes, SparseContent Content)> _latest = new(StringComparer.Ordinal);

    public IReadOnlyList<TruthWrite> Writes => _writes;
    public bool Records(string diskId) => _initial.ContainsKey(diskId);

    /// <summary>Starts recording a disk whose content is now <paramref name="content"/>.</summary>
    public void Begin(string diskId, SparseContent content)
    {
        if (!_initial.TryAdd(diskId, content)) throw new InvalidOperationException($"Ground truth already records disk '{diskId}'.");
        _byDisk[diskId] = [];
    }

    public TruthWrite Add(DateTimeOffset at, string diskId, long offset, GuestPayload payload, object? leg = null)
    {
        if (!_byDisk.TryGetValue(diskId, out var mine)) throw new KeyNotFoundException($"Ground truth does not record disk '{diskId}'; begin it first.");
        var write = new TruthWrite(_writes.Count + 1, at, diskId, offset, payload, leg);
        mine.Add(_writes.Count);
        _writes.Add(write);
        return write;
    }

    /// <summary>Starts recording <paramref name="disk"/> from its content now; the guest must write through the returned device.</summary>
    public IBlockDevice Record(string diskId, IBlockDevice disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (time is null) throw new InvalidOperationException("A ground truth that records a device needs the clock: construct it with a TimeProvider.");
        Begin(diskId, SparseContent.Read(disk));
        return new Recorded(this, diskId, disk, time);
    }

    /// <summary>
    /// The disk's content after the first <paramref name="writes"/> writes, for reading only (it may be shared).
    /// Built on from the last content asked for when that one is not further on: a drill asks in order.
    /// </summary>
    public SparseContent ContentAfter(string diskId, long writes)
    {
        if (!_initial.TryGetValue(diskId, out var initial)) throw new KeyNotFoundException($"Ground truth does not record disk '{diskId}'.");
        var upTo = (int)Math.Clamp(writes, 0, _writes.Count);
        var (from, content) = _latest.TryGetValue(diskId, out var latest) && latest.Writes <= upTo ? latest : (0, initial);
        if (from == upTo) return content;
        content = content.Copy();
        var mine = _byDisk[diskId];
        var first = mine.BinarySearch(from);
        for (var i = first < 0 ? ~first : first; i < mine.Count && mine[i] < upTo; i++)
            content.Write(_writes[mine[i]].Offset, _writes[mine[i]].Payload);
        _latest[diskId] = (upTo, content);
        return content;
    }

    /// <summary>The first byte offset where <paramref name="device"/> differs from the truth after <paramref name="writes"/> writes, or null when equal.</summary>
    public long? FirstDifference(string diskId, long writes, IBlockDevice device) => ContentAfter(diskId, writes).FirstDifference(device);

    /// <summary>The writes a failover to <paramref name="point"/> loses: every write after it.</summary>
    public IReadOnlyList<TruthWrite> LostAt(RecoveryPoint point) => _writes.Skip((int)Math.Min(point.Sequence, _writes.Count)).ToList();

    private sealed class Recorded(GroundTruth truth, string diskId, IBlockDevice inner, TimeProvider time) : IBlockDevice
    {
        public long Capacity => inner.Capacity;
        public void Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            inner.Write(offset, data);
            truth.Add(time.GetUtcNow(), diskId, offset, GuestPayload.Literal(data.ToArray()));
        }

        public void Flush() => inner.Flush();
        public IReadOnlyList<DiskExtent> GetAllocatedExtents() => inner.GetAllocatedExtents();
        public string TakeChangeId() => inner.TakeChangeId();
        public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);
        /// <summary>The truth does not own the disk.</summary>
        public void Dispose() { }
    }
}
