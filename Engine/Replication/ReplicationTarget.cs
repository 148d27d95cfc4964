using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>
/// Where a machine's disks replicate to (Azure page blobs, or on-premises VMDKs through the master
/// target) with the retention journal beside them. A write is journaled (the bytes it replaces)
/// before it reaches the disk, so every recovery point in the window stays restorable.
/// </summary>
public sealed class ReplicationTarget(string host, RetentionJournal journal)
{
    private readonly Dictionary<string, (IBlockDevice Disk, bool HoldsData)> _disks = new(StringComparer.Ordinal);
    private byte[] _before = new byte[64 * 1024];
    private long _acceptTagsFrom;

    public string Host { get; } = host;
    public RetentionJournal Journal { get; } = journal;

    /// <summary>The last sequence applied to the target disks.</summary>
    public long AppliedSequence { get; private set; }

    /// <param name="holdsData">True when the disk already holds an earlier copy (delta resync), false for a new disk (full copy).</param>
    public void AddDisk(string diskId, IBlockDevice disk, bool holdsData)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (!_disks.TryAdd(diskId, (disk, holdsData)))
            throw new InvalidOperationException($"The replication target already has a disk '{diskId}'.");
    }

    public IBlockDevice Disk(string diskId) => _disks.TryGetValue(diskId, out var d) ? d.Disk
        : throw new KeyNotFoundException($"The replication target has no disk '{diskId}'; its disks are {string.Join(", ", _disks.Keys)}.");

    public bool HoldsData(string diskId) => _disks.TryGetValue(diskId, out var d) && d.HoldsData;

    public IReadOnlyCollection<string> DiskIds => _disks.Keys;

    /// <summary>
    /// Tags before <paramref name="sequence"/> were issued while a copy was running, so they describe
    /// states the target never held; only tags from it on become recovery points.
    /// </summary>
    public void AcceptTagsFrom(long sequence) => _acceptTagsFrom = sequence;

    /// <summary>Records that every write up to <paramref name="sequence"/> is on the target (after a copy).</summary>
    public void MarkApplied(long sequence) => AppliedSequence = Math.Max(AppliedSequence, sequence);

    /// <summary>Applies one record; a tag becomes a recovery point. Returns the point, if any.</summary>
    public RecoveryPoint? Apply(ChangeRecord record)
    {
        switch (record)
        {
            case WriteRecord write:
                WriteJournaled(write.DiskId, write.Sequence, write.Offset, write.Data);
                AppliedSequence = Math.Max(AppliedSequence, write.Sequence);
                return null;
            case TagRecord tag when tag.Sequence >= _acceptTagsFrom:
                Journal.Flush();
                foreach (var (disk, _) in _disks.Values) disk.Flush();
                return Journal.AddPoint(tag.Type, tag.Time, tag.Sequence);
            default:
                return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> as part of the logical write <paramref name="sequence"/>. Undo is
    /// kept only once a point exists: before that no point needs the replaced bytes.
    /// </summary>
    public void WriteJournaled(string diskId, long sequence, long offset, ReadOnlySpan<byte> data)
    {
        var disk = Disk(diskId);
        if (Journal.Points.Count > 0)
        {
            if (_before.Length < data.Length) _before = new byte[data.Length];
            var before = _before.AsSpan(0, data.Length);
            disk.Read(offset, before);
            Journal.AppendUndo(diskId, sequence, offset, before);
            Journal.Flush(); // write-ahead: the undo reaches the OS before the disk changes
        }
        disk.Write(offset, data);
    }
}
