namespace Failback.Engine.Replication;

/// <summary>
/// A point in time a disk can be restored to: every write with a sequence up to
/// <see cref="Sequence"/> and none after it. <see cref="Number"/> counts the journal's points, which
/// name them (rp-7); the orchestrator records the one a failover used (ASR's failoverRecoveryPointId).
/// </summary>
public sealed record RecoveryPoint(long Number, ConsistencyType Type, DateTimeOffset Time, long Sequence)
{
    /// <summary>The name the point is listed and chosen by.</summary>
    public string Id { get; init; } = $"rp-{Number}";

    public bool AppConsistent => Type == ConsistencyType.AppConsistent;
}
