using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>One entry of a machine's replication stream, ordered by <see cref="Sequence"/>.</summary>
internal abstract record ChangeRecord(long Sequence, DateTimeOffset Time)
{
    /// <summary>What the record costs on the wire and in the process server's cache.</summary>
    public abstract long Bytes { get; }
}

/// <summary>
/// A guest write as the mobility agent captured it: the agent's own copy of the bytes, or their description
/// (<see cref="WriteData"/>), which costs the same on the wire and in the buffers.
/// </summary>
internal sealed record WriteRecord(long Sequence, DateTimeOffset Time, string DiskId, long Offset, WriteData Data)
    : ChangeRecord(Sequence, Time)
{
    /// <summary>Disk, offset, length and sequence on the wire.</summary>
    public const int HeaderBytes = 32;

    /// <summary>Header plus the data.</summary>
    public override long Bytes => HeaderBytes + (long)Data.Length;
}

/// <summary>
/// Dirty blocks the agent re-read from the disk after bitmap mode, as the disk held them at
/// <see cref="ChangeRecord.Sequence"/> (the last write then). Until the chunk that
/// <see cref="EndsResync"/> is applied, the target holds no consistent state: none of them
/// advances the applied sequence, so the RPO keeps growing while the resync runs.
/// </summary>
internal sealed record ResyncRecord(long Sequence, DateTimeOffset Time, string DiskId, long Offset, byte[] Data, bool EndsResync)
    : ChangeRecord(Sequence, Time)
{
    public override long Bytes => WriteRecord.HeaderBytes + Data.LongLength;
}

/// <summary>
/// A consistency tag: every write before it in the stream is part of the point. Crash-consistent
/// tags are issued by the agent on a schedule, app-consistent ones after the guest's writers quiesce (VSS).
/// </summary>
internal sealed record TagRecord(long Sequence, DateTimeOffset Time, ConsistencyType Type)
    : ChangeRecord(Sequence, Time)
{
    public override long Bytes => 32;
}
