using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>
/// Where a machine's disks replicate to (Azure page blobs, or on-premises VMDKs through the master
/// target) with the retention journal beside them. A write is journaled (the bytes it replaces)
/// before it reaches the disk, so every recovery point in the window stays restorable. The target remembers which
/// 4 KiB blocks a workload's described write put there last, so the undo of an overwrite there is journaled as that
/// description instead of bytes read back from the disk.
/// </summary>
internal sealed class ReplicationTarget(string host, RetentionJournal journal)
{
    private readonly Dictionary<string, (IBlockDevice Disk, bool HoldsData, ResyncBaseline? Baseline)> _disks = new(StringComparer.Ordinal);
    private byte[] _before = new byte[64 * 1024];
    /// <summary>Where a described write's bytes are made before they reach the disk.</summary>
    private byte[] _data = new byte[64 * 1024];
    private long _acceptTagsFrom;
    private const int DescribedBlockSize = 4096;
    /// <summary>Per disk, the 4 KiB blocks that hold a described write's bytes now: that write and where in it the block starts.</summary>
    private readonly Dictionary<string, Dictionary<long, (WriteData Data, int Start)>> _described = new(StringComparer.Ordinal);

    public string Host { get; } = host;
    public RetentionJournal Journal { get; } = journal;

    /// <summary>The last sequence applied to the target disks.</summary>
    public long AppliedSequence { get; private set; }

    /// <summary>True while re-read dirty blocks arrive: the disks hold no state the guest ever had until the last one.</summary>
    public bool Resyncing { get; private set; }

    /// <param name="holdsData">True when the disk already holds an earlier copy (delta resync), false for a new disk (full copy).</param>
    /// <param name="baseline">
    /// Change ids taken on both disks when they last held the same data (at failover): the resync then
    /// hashes only the areas either side changed since. Without it, or when a change id is no longer
    /// known, every block is hashed.
    /// </param>
    public void AddDisk(string diskId, IBlockDevice disk, bool holdsData, ResyncBaseline? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (baseline is not null && !holdsData)
            throw new ArgumentException($"Disk '{diskId}' is new (full copy), so a resync baseline does not apply to it.", nameof(baseline));
        if (!_disks.TryAdd(diskId, (disk, holdsData, baseline)))
            throw new InvalidOperationException($"The replication target already has a disk '{diskId}'.");
    }

    public ResyncBaseline? Baseline(string diskId) => _disks.TryGetValue(diskId, out var d) ? d.Baseline : null;

    public IBlockDevice Disk(string diskId) => _disks.TryGetValue(diskId, out var d) ? d.Disk
        : throw new KeyNotFoundException($"The replication target has no disk '{diskId}'; its disks are {string.Join(", ", _disks.Keys)}.");

    public bool HoldsData(string diskId) => _disks.TryGetValue(diskId, out var d) && d.HoldsData;

    public IReadOnlyCollection<string> DiskIds => _disks.Keys;

    /// <summary>
    /// Tags before <paramref name="sequence"/> were issued while a copy was running, so they describe
    /// states the target never held; only tags from it on become recovery points.
    /// </summary>
    public void AcceptTagsFrom(long sequence) => _acceptTagsFrom = sequence;

    /// <summary>
    /// Forces every disk's writes to stable storage (fsync): done before the applied sequence is acknowledged and
    /// recorded, so a power loss cannot take back a write the source was told is safe (the durability test).
    /// </summary>
    public void FlushDisks()
    {
        foreach (var (disk, _, _) in _disks.Values) disk.Flush();
    }

    /// <summary>Records that every write up to <paramref name="sequence"/> is on the target (after a copy).</summary>
    public void MarkApplied(long sequence) => AppliedSequence = Math.Max(AppliedSequence, sequence);

    /// <summary>Applies one record; a tag becomes a recovery point. Returns the point, if any.</summary>
    public RecoveryPoint? Apply(ChangeRecord record)
    {
        switch (record)
        {
            case WriteRecord write:
                if (_data.Length < write.Data.Length) _data = new byte[write.Data.Length];
                Write(write.DiskId, write.Sequence, write.Offset, write.Data.Bytes(_data), write.Data);
                AppliedSequence = Math.Max(AppliedSequence, write.Sequence);
                return null;
            case ResyncRecord resync:
                if (resync.Data.Length > 0) WriteJournaled(resync.DiskId, resync.Sequence, resync.Offset, resync.Data);
                Resyncing = !resync.EndsResync;
                if (resync.EndsResync) AppliedSequence = Math.Max(AppliedSequence, resync.Sequence);
                return null;
            case TagRecord tag when tag.Sequence >= _acceptTagsFrom:
                // Undo records reach the OS before each write, so a point survives a process kill;
                // forcing the disks to stable storage per point (fsync) is left to the disk owner.
                return Journal.AddPoint(tag.Type, tag.Time, tag.Sequence);
            default:
                return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> as part of the logical write <paramref name="sequence"/>. Undo is
    /// kept only once a point exists (before that no point needs the replaced bytes), and only where the journal
    /// does not hold it since the last point already.
    /// </summary>
    public void WriteJournaled(string diskId, long sequence, long offset, ReadOnlySpan<byte> data) => Write(diskId, sequence, offset, data, null);

    /// <summary>Rolls disk <paramref name="diskId"/> back to <paramref name="point"/> in place: its blocks no longer hold what described writes put there.</summary>
    public void RollBack(string diskId, RecoveryPoint point)
    {
        var disk = Disk(diskId);
        _described.Remove(diskId);
        Journal.Restore(diskId, point, disk, disk);
    }

    /// <param name="data">The bytes written; <paramref name="written"/> is the write they were made from, when the record carried one.</param>
    private void Write(string diskId, long sequence, long offset, ReadOnlySpan<byte> data, WriteData? written)
    {
        var disk = Disk(diskId);
        if (Journal.Points.Count > 0 && !Journal.HoldsUndo(diskId, offset, data.Length) && !JournalDescribedUndo(diskId, sequence, offset, data.Length))
        {
            if (_before.Length < data.Length) _before = new byte[data.Length];
            // Write-ahead: the undo reaches the OS before the disk changes.
            disk.Read(offset, _before.AsSpan(0, data.Length));
            Journal.AppendUndo(diskId, sequence, offset, _before.AsMemory(0, data.Length));
        }
        disk.Write(offset, data);
        Remember(diskId, offset, data.Length, written);
    }

    /// <summary>
    /// Journals the undo of <c>[offset, offset + length)</c> as the descriptions that wrote it, when whole 4 KiB blocks
    /// each hold a described write's bytes (one record per run of a write's consecutive blocks). False when any does not.
    /// </summary>
    private bool JournalDescribedUndo(string diskId, long sequence, long offset, int length)
    {
        if (offset % DescribedBlockSize != 0 || length % DescribedBlockSize != 0 || length == 0 || !_described.TryGetValue(diskId, out var blocks)) return false;
        var first = offset / DescribedBlockSize;
        var count = length / DescribedBlockSize;
        for (var b = first; b < first + count; b++)
            if (!blocks.ContainsKey(b)) return false;
        for (var b = first; b < first + count;)
        {
            var (data, start) = blocks[b];
            var run = 1;
            while (b + run < first + count && blocks[b + run] is var next && ReferenceEquals(next.Data, data) && next.Start == start + (run * DescribedBlockSize)) run++;
            Journal.AppendUndo(diskId, sequence, b * DescribedBlockSize, data, start, run * DescribedBlockSize);
            b += run;
        }
        return true;
    }

    /// <summary>The blocks <paramref name="written"/> (a description) wholly covers hold its bytes now; any other write's blocks are forgotten.</summary>
    private void Remember(string diskId, long offset, int length, WriteData? written)
    {
        var aligned = offset % DescribedBlockSize == 0 && length % DescribedBlockSize == 0;
        if (written is { IsDescription: true } && aligned)
        {
            if (!_described.TryGetValue(diskId, out var mine)) _described[diskId] = mine = [];
            for (var at = 0; at < length; at += DescribedBlockSize) mine[(offset + at) / DescribedBlockSize] = (written, at);
            return;
        }
        if (!_described.TryGetValue(diskId, out var blocks) || blocks.Count == 0) return;
        for (var b = offset / DescribedBlockSize; b <= (offset + length - 1) / DescribedBlockSize; b++) blocks.Remove(b);
    }
}
