using Failback.Engine.Ports;
using Failback.Engine.Replication;

namespace Failback.Engine.Components;

/// <summary>
/// The mobility service on a protected machine. It sits in the guest's write path: every write
/// reaches the disk, then is captured with the next sequence number, in order, into the buffer the
/// process server drains; the blocks it touched are marked in the disk's changed-block bitmap.
/// The buffer is bounded like the filter driver's memory pool: a write that does not fit (the process
/// server takes nothing during a partition, or churn outruns the link) switches the agent to bitmap
/// mode, where writes only mark the disk's dirty-block bitmap. Once the buffer has drained, the agent
/// re-reads the dirty blocks from the disk and sends them (a resync of the dirty regions) before it
/// buffers writes again. Memory is the buffer plus one bit per block, whatever the outage's length.
/// </summary>
internal sealed class MobilityAgent
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CapturedDisk> _disks = new(StringComparer.Ordinal);
    private readonly Queue<ChangeRecord> _pending = new();
    private TaskCompletionSource _signal = new();

    /// <summary>The in-memory buffer's default size: the filter driver's data-mode pool.</summary>
    public const long DefaultBufferBytes = 64L << 20;

    /// <param name="lastSequence">The last sequence already used, when the agent restarts.</param>
    /// <param name="bufferBytes">The most captured bytes held in memory before the agent falls back to bitmap mode.</param>
    public MobilityAgent(string machineId, string host, TimeProvider time, long lastSequence = 0, long bufferBytes = DefaultBufferBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferBytes);
        MachineId = machineId;
        Host = host;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        LastSequence = lastSequence;
        BufferBytes = bufferBytes;
    }

    public string MachineId { get; }
    public string Host { get; }
    public long LastSequence { get; private set; }
    public WriteLedger Ledger { get; } = new();
    public int PendingRecords => _pending.Count;
    /// <summary>Captured bytes held in memory; never more than <see cref="BufferBytes"/> (one write larger than it goes to the bitmap).</summary>
    public long PendingBytes { get; private set; }
    public long BufferBytes { get; }

    /// <summary>True from the first write the buffer could not hold until the dirty blocks have all been re-read and sent.</summary>
    public bool BitmapMode { get; private set; }
    /// <summary>How many times the agent fell back to bitmap mode.</summary>
    public int BitmapModeEntries { get; private set; }
    /// <summary>Bytes of dirty blocks re-read from the disks and sent (the resync of the dirty regions).</summary>
    public long ResyncBytes { get; private set; }
    /// <summary>Consistency tags not issued because writes were tracked only in the bitmap (the order they came in is lost).</summary>
    public int TagsSkipped { get; private set; }

    /// <summary>The protected disks as the agent sees them beneath its filter (reads bypass capture).</summary>
    public IReadOnlyDictionary<string, IBlockDevice> Disks => _disks.ToDictionary(d => d.Key, d => d.Value.Inner, StringComparer.Ordinal);

    /// <summary>Puts the agent in the write path of <paramref name="disk"/>; the guest must write through the returned device.</summary>
    public IBlockDevice Attach(string diskId, IBlockDevice disk)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(diskId);
        ArgumentNullException.ThrowIfNull(disk);
        if (_disks.ContainsKey(diskId))
            throw new InvalidOperationException($"Disk '{diskId}' of machine '{MachineId}' is already protected by its mobility agent.");
        var captured = new CapturedDisk(this, diskId, disk);
        _disks[diskId] = captured;
        return captured;
    }

    public ChangedBlockBitmap ChangedBlocks(string diskId) =>
        _disks.TryGetValue(diskId, out var disk) ? disk.Changed
            : throw new KeyNotFoundException($"Machine '{MachineId}' has no protected disk '{diskId}'.");

    /// <summary>
    /// Issues a consistency tag covering every write captured so far; none (null) in bitmap mode: a point
    /// needs the writes before it in order, and the dirty blocks are re-read as they are now.
    /// </summary>
    public TagRecord? Tag(ConsistencyType type)
    {
        if (BitmapMode)
        {
            TagsSkipped++;
            return null;
        }
        var tag = new TagRecord(LastSequence, _time.GetUtcNow(), type);
        Enqueue(tag);
        return tag;
    }

    /// <summary>
    /// Takes captured records in order, up to about <paramref name="maxBytes"/> (at least one when any is pending).
    /// With the buffer drained in bitmap mode, it re-reads dirty blocks from the disks instead (see <see cref="ResyncRecord"/>).
    /// </summary>
    public IReadOnlyList<ChangeRecord> Take(long maxBytes)
    {
        var batch = new List<ChangeRecord>();
        long bytes = 0;
        while (_pending.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Bytes <= maxBytes))
        {
            _pending.Dequeue();
            bytes += next.Bytes;
            batch.Add(next);
        }
        PendingBytes -= bytes;
        if (batch.Count == 0 && BitmapMode) TakeDirty(batch, maxBytes);
        return batch;
    }

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> of dirty blocks as the disks hold them now (every write so far
    /// included) and clears their bits; a block written again meanwhile is marked again and read again later.
    /// The chunk that leaves no dirty block ends bitmap mode: the target then holds every write so far.
    /// </summary>
    private void TakeDirty(List<ChangeRecord> batch, long maxBytes)
    {
        long bytes = 0;
        var full = false;
        foreach (var disk in _disks.Values)
        {
            var block = disk.Dirty.BlockSize;
            foreach (var extent in disk.Dirty.Extents())
            {
                for (var at = extent.Offset; at < extent.End && !full;)
                {
                    // Whole blocks, so that clearing them leaves no written byte unsent.
                    var room = (maxBytes - bytes - WriteRecord.HeaderBytes) / block * block;
                    if (batch.Count > 0 && room < block)
                    {
                        full = true;
                        break;
                    }
                    var length = (int)Math.Min(extent.End - at, Math.Clamp(room, block, 1L << 30));
                    var data = new byte[length];
                    disk.Inner.Read(at, data);
                    disk.Dirty.Unmark(at, length);
                    batch.Add(new ResyncRecord(LastSequence, _time.GetUtcNow(), disk.Id, at, data, EndsResync: false));
                    bytes += WriteRecord.HeaderBytes + length;
                    at += length;
                }
                if (full) break;
            }
            if (full) break;
        }
        ResyncBytes += bytes;
        if (_disks.Values.All(d => d.Dirty.ChangedBlocks == 0))
        {
            BitmapMode = false;
            var last = batch.Count > 0 ? (ResyncRecord)batch[^1] : new ResyncRecord(LastSequence, _time.GetUtcNow(), _disks.Keys.First(), 0, [], false);
            if (batch.Count > 0) batch[^1] = last with { EndsResync = true };
            else batch.Add(last with { EndsResync = true });
        }
    }

    /// <summary>Completes when a record is pending (or dirty blocks wait to be re-read).</summary>
    public async Task WhenPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0 && !BitmapMode)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var signal = _signal;
            using var registration = cancellationToken.Register(() => signal.TrySetCanceled(cancellationToken));
            await signal.Task;
        }
    }

    /// <summary>Captures a write that reached the disk: <paramref name="data"/> when the writer gave it, else a copy of <paramref name="bytes"/>.</summary>
    internal void OnWrite(CapturedDisk disk, long offset, WriteData? data, ReadOnlySpan<byte> bytes)
    {
        var length = data?.Length ?? bytes.Length;
        disk.Changed.Mark(offset, length);
        var sequence = ++LastSequence;
        var now = _time.GetUtcNow();
        Ledger.Add(sequence, now, length);
        if (!BitmapMode && PendingBytes + WriteRecord.HeaderBytes + length > BufferBytes)
        {
            BitmapMode = true;
            BitmapModeEntries++;
        }
        if (BitmapMode)
        {
            // No copy of the data: the block is re-read from the disk when the link can take it.
            disk.Dirty.Mark(offset, length);
            SignalPending();
            return;
        }
        var record = new WriteRecord(sequence, now, disk.Id, offset, data ?? WriteData.Literal(bytes.ToArray()));
        Enqueue(record);
    }

    private void Enqueue(ChangeRecord record)
    {
        _pending.Enqueue(record);
        PendingBytes += record.Bytes;
        SignalPending();
    }

    private void SignalPending()
    {
        var signal = _signal;
        _signal = new TaskCompletionSource();
        signal.TrySetResult();
    }
}
