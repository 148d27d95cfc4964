namespace Failback.Engine.Components;

/// <summary>
/// A replication policy: when RPO alerts fire, how long recovery points are kept, how often an
/// app-consistent point is taken (null = Off). A failback policy is created with every forward
/// policy, bound to the configuration server and never editable (POL-1, POL-2). Protection asks for
/// one by its settings; the configuration server gives it its id when it records it.
/// </summary>
public sealed record ReplicationPolicy
{
    public static readonly TimeSpan FailbackRpoThreshold = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FailbackRetention = TimeSpan.FromHours(24);
    public static readonly TimeSpan FailbackAppConsistentFrequency = TimeSpan.FromMinutes(60);

    /// <summary>Classic VMware to Azure keeps at most 72 hours of points (standard storage).</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromHours(72);

    /// <summary>Crash-consistent points are taken every 5 minutes whatever the policy.</summary>
    public static readonly TimeSpan CrashConsistentFrequency = TimeSpan.FromMinutes(5);

    /// <summary>The configuration server's id for the policy; empty until it records it.</summary>
    public string Id { get; init; } = "";
    public required string Name { get; init; }
    public required TimeSpan RpoThreshold { get; init; }
    public required TimeSpan RecoveryPointRetention { get; init; }
    public TimeSpan? AppConsistentFrequency { get; init; }
    public bool IsFailback { get; init; }
    /// <summary>The configuration server a failback policy is associated with.</summary>
    public string? ConfigurationServerId { get; init; }
    /// <summary>The forward policy's failback policy, or the failback policy's forward one.</summary>
    public string? PairedPolicyId { get; init; }

    public bool Editable => !IsFailback;

    /// <summary>The forward policy an item uses when enable protection names none.</summary>
    public static ReplicationPolicy DefaultForward { get; } = new()
    {
        Name = "24-hour-retention-policy", RpoThreshold = TimeSpan.FromMinutes(60),
        RecoveryPointRetention = TimeSpan.FromHours(24), AppConsistentFrequency = TimeSpan.FromMinutes(60),
    };

    /// <summary>Checks the settings; the message says which one is wrong and what is allowed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A replication policy needs a name.");
        if (RpoThreshold <= TimeSpan.Zero)
            throw new ArgumentException($"Policy '{Name}': the RPO threshold must be positive (it was {RpoThreshold}).");
        if (RecoveryPointRetention < TimeSpan.Zero || RecoveryPointRetention > MaxRetention)
            throw new ArgumentException($"Policy '{Name}': recovery point retention must be between 0 and {MaxRetention.TotalHours} hours (it was {RecoveryPointRetention.TotalHours} hours).");
        if (AppConsistentFrequency is { } f && (f < CrashConsistentFrequency || f > TimeSpan.FromHours(12)))
            throw new ArgumentException($"Policy '{Name}': the app-consistent snapshot frequency must be Off or between 5 minutes and 12 hours (it was {f.TotalMinutes} minutes).");
    }

    /// <summary>
    /// The failback policy that goes with <paramref name="forward"/> (POL-1): fixed settings (POL-2), a "-failback"
    /// suffix, associated with the configuration server; reprotect to on-premises selects it on its own (RP-5).
    /// </summary>
    public static ReplicationPolicy FailbackFor(ReplicationPolicy forward, string id = "", string? configurationServerId = null) => new()
    {
        Id = id,
        Name = forward.Name + "-failback",
        RpoThreshold = FailbackRpoThreshold,
        RecoveryPointRetention = FailbackRetention,
        AppConsistentFrequency = FailbackAppConsistentFrequency,
        IsFailback = true,
        ConfigurationServerId = configurationServerId,
        PairedPolicyId = forward.Id,
    };
}
