namespace Failback.Engine.Replication;

/// <summary>One entry of a machine's replication stream, ordered by <see cref="Sequence"/>.</summary>
public abstract record ChangeRecord(long Sequence, DateTimeOffset Time)
{
    /// <summary>What the record costs on the wire and in the process server's cache.</summary>
    public abstract long Bytes { get; }
}

/// <summary>A guest write as the mobility agent captured it (the data is the agent's own copy).</summary>
public sealed record WriteRecord(long Sequence, DateTimeOffset Time, string DiskId, long Offset, byte[] Data)
    : ChangeRecord(Sequence, Time)
{
    /// <summary>Header (disk, offset, length, sequence) plus the data.</summary>
    public override long Bytes => 32 + Data.LongLength;
}

/// <summary>
/// A consistency tag: every write before it in the stream is part of the point. Crash-consistent
/// tags are issued by the agent on a schedule, app-consistent ones after the guest's writers quiesce (VSS).
/// </summary>
public sealed record TagRecord(long Sequence, DateTimeOffset Time, ConsistencyType Type)
    : ChangeRecord(Sequence, Time)
{
    public override long Bytes => 32;
}
