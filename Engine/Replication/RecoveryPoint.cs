namespace Failback.Engine.Replication;

public enum RecoveryPointType { CrashConsistent, AppConsistent }

/// <summary>
/// A point in time a disk can be restored to: every write with a sequence up to
/// <see cref="Sequence"/> and none after it. <see cref="Number"/> counts the journal's points.
/// </summary>
public sealed record RecoveryPoint(long Number, RecoveryPointType Type, DateTimeOffset Time, long Sequence)
{
    public string Id => $"rp-{Number}";
}
