using Failback.Engine.Ports;
using Failback.Engine.Replication;

namespace Failback.Engine.Components;

/// <summary>
/// The mobility service on a protected machine. It sits in the guest's write path: every write
/// reaches the disk, then is captured with the next sequence number, in order, into the queue the
/// process server drains; the blocks it touched are marked in the disk's changed-block bitmap.
/// </summary>
public sealed class MobilityAgent
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CapturedDisk> _disks = new(StringComparer.Ordinal);
    private readonly Queue<ChangeRecord> _pending = new();
    private TaskCompletionSource _signal = new();

    /// <param name="lastSequence">The last sequence already used, when the agent restarts.</param>
    public MobilityAgent(string machineId, string host, TimeProvider time, long lastSequence = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        MachineId = machineId;
        Host = host;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        LastSequence = lastSequence;
    }

    public string MachineId { get; }
    public string Host { get; }
    public long LastSequence { get; private set; }
    public WriteLedger Ledger { get; } = new();
    public int PendingRecords => _pending.Count;
    public long PendingBytes { get; private set; }

    /// <summary>The protected disks as the agent sees them beneath its filter (reads bypass capture).</summary>
    public IReadOnlyDictionary<string, IBlockDevice> Disks => _disks.ToDictionary(d => d.Key, d => d.Value.Inner, StringComparer.Ordinal);

    /// <summary>Every captured write, as it is captured (for observers such as a trace).</summary>
    public event Action<WriteRecord>? Captured;

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

    /// <summary>Issues a consistency tag covering every write captured so far.</summary>
    public TagRecord Tag(ConsistencyType type)
    {
        var tag = new TagRecord(LastSequence, _time.GetUtcNow(), type);
        Enqueue(tag);
        return tag;
    }

    /// <summary>Takes captured records in order, up to about <paramref name="maxBytes"/> (at least one when any is pending).</summary>
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
        return batch;
    }

    /// <summary>Completes when a record is pending.</summary>
    public async Task WhenPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var signal = _signal;
            using var registration = cancellationToken.Register(() => signal.TrySetCanceled(cancellationToken));
            await signal.Task;
        }
    }

    internal void OnWrite(CapturedDisk disk, long offset, ReadOnlySpan<byte> data)
    {
        disk.Changed.Mark(offset, data.Length);
        var record = new WriteRecord(++LastSequence, _time.GetUtcNow(), disk.Id, offset, data.ToArray());
        Ledger.Add(record.Sequence, record.Time, data.Length);
        Enqueue(record);
        Captured?.Invoke(record);
    }

    private void Enqueue(ChangeRecord record)
    {
        _pending.Enqueue(record);
        PendingBytes += record.Bytes;
        var signal = _signal;
        _signal = new TaskCompletionSource();
        signal.TrySetResult();
    }
}
