namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// An unplanned failover to the recovery point ASR names (FO-2): the latest (processed first), the latest processed, the
/// latest app-consistent, or a listed point (Custom with its id). The direction follows from where the item stands.
/// </summary>
public sealed record UnplannedFailoverInput(RecoveryPointType RecoveryPointType, string? RecoveryPointId = null)
{
    public static UnplannedFailoverInput Latest { get; } = new(RecoveryPointType.LatestTime);
    public static UnplannedFailoverInput LatestAppConsistent { get; } = new(RecoveryPointType.LatestTag);
    public static UnplannedFailoverInput At(string recoveryPointId) => new(RecoveryPointType.Custom, recoveryPointId);

    /// <summary>
    /// ASR's sourceSiteOperations Required ("Shut down machine before beginning failover", failover to Azure): the on-premises
    /// machine is shut down first, so the latest changes are synchronized from its agent; when it cannot be, the failover goes on.
    /// </summary>
    public bool ShutDownSource { get; init; }
}
