namespace Failback.Engine.Orchestration.Operations;

/// <summary>A replication policy: alert threshold, how long recovery points are kept, app-consistent frequency.</summary>
public sealed record ReplicationPolicy(string Name, TimeSpan RpoThreshold, TimeSpan RecoveryPointRetention, TimeSpan AppConsistentFrequency)
{
    /// <summary>The forward policy an item uses when enable protection names none.</summary>
    public static ReplicationPolicy DefaultForward { get; } =
        new("24-hour-retention-policy", TimeSpan.FromMinutes(60), TimeSpan.FromHours(24), TimeSpan.FromMinutes(60));

    /// <summary>
    /// The failback policy created with a forward policy (POL-1): fixed settings (POL-2), a "failback"
    /// suffix, never edited; reprotect to on-premises selects it on its own (RP-5).
    /// </summary>
    public static ReplicationPolicy FailbackFor(ReplicationPolicy forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        return new($"{forward.Name}-failback", TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), TimeSpan.FromMinutes(60));
    }
}
