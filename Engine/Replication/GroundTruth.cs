using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>One guest write as the ground truth saw it, numbered in the order the guest issued it.</summary>
public sealed record TruthWrite(long Number, DateTimeOffset Time, string DiskId, long Offset, byte[] Data);

/// <summary>
/// The harness's record of what the guest really wrote, independent of the engine: it wraps each
/// disk above the mobility agent, keeps the disk's content when recording began and every write
/// after, so it can rebuild any disk after any number of writes, say exactly which writes a
/// failover to a point loses, and compare a recovered disk with the truth.
/// Write number n is the agent's sequence n when the truth wraps an agent that started at 0.
/// </summary>
public sealed class GroundTruth(TimeProvider time)
{
    private readonly TimeProvider _time = time;
    private readonly List<TruthWrite> _writes = [];
    private readonly Dictionary<string, (byte[] Initial, long Capacity)> _disks = new(StringComparer.Ordinal);

    public IReadOnlyList<TruthWrite> Writes => _writes;

    /// <summary>Starts recording <paramref name="disk"/>; the guest must write through the returned device.</summary>
    public IBlockDevice Record(string diskId, IBlockDevice disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (disk.Capacity > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(disk), $"Ground truth keeps disks in memory; disk '{diskId}' ({disk.Capacity} bytes) is too large: use a smaller test disk.");
        var initial = new byte[disk.Capacity];
        disk.Read(0, initial);
        if (!_disks.TryAdd(diskId, (initial, disk.Capacity)))
            throw new InvalidOperationException($"Ground truth already records disk '{diskId}'.");
        return new Recorded(this, diskId, disk);
    }

    /// <summary>The content of <paramref name="diskId"/> after the first <paramref name="writes"/> guest writes (all disks counted).</summary>
    public byte[] ContentAfter(string diskId, long writes)
    {
        if (!_disks.TryGetValue(diskId, out var disk)) throw new KeyNotFoundException($"Ground truth does not record disk '{diskId}'.");
        var content = (byte[])disk.Initial.Clone();
        for (var i = 0; i < writes && i < _writes.Count; i++)
        {
            var w = _writes[i];
            if (w.DiskId == diskId) w.Data.CopyTo(content.AsSpan((int)w.Offset));
        }
        return content;
    }

    /// <summary>The guest writes a failover to <paramref name="point"/> loses: every write after it.</summary>
    public IReadOnlyList<TruthWrite> LostAt(RecoveryPoint point) => _writes.Skip((int)Math.Min(point.Sequence, _writes.Count)).ToList();

    /// <summary>
    /// The first byte offset where <paramref name="recovered"/> differs from the truth after
    /// <paramref name="writes"/> writes, or null when they are equal.
    /// </summary>
    public long? FirstDifference(string diskId, long writes, IBlockDevice recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        var expected = ContentAfter(diskId, writes);
        if (recovered.Capacity != expected.Length) return Math.Min(recovered.Capacity, expected.Length);
        var actual = new byte[expected.Length];
        recovered.Read(0, actual);
        var at = expected.AsSpan().CommonPrefixLength(actual);
        return at == expected.Length ? null : at;
    }

    private sealed class Recorded(GroundTruth truth, string diskId, IBlockDevice inner) : IBlockDevice
    {
        public long Capacity => inner.Capacity;
        public void Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            inner.Write(offset, data);
            truth._writes.Add(new TruthWrite(truth._writes.Count + 1, truth._time.GetUtcNow(), diskId, offset, data.ToArray()));
        }

        public void Flush() => inner.Flush();
        public IReadOnlyList<DiskExtent> GetAllocatedExtents() => inner.GetAllocatedExtents();
        public string TakeChangeId() => inner.TakeChangeId();
        public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);
        /// <summary>The truth does not own the disk.</summary>
        public void Dispose() { }
    }
}
