namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// An unplanned failover to the recovery point ASR names (FO-2): the latest, the latest app-consistent,
/// or a listed point (Custom with its id). The direction follows from where the item stands.
/// </summary>
public sealed record UnplannedFailoverInput(RecoveryPointType RecoveryPointType, string? RecoveryPointId = null)
{
    public static UnplannedFailoverInput Latest { get; } = new(RecoveryPointType.LatestTime);
    public static UnplannedFailoverInput LatestAppConsistent { get; } = new(RecoveryPointType.LatestTag);
    public static UnplannedFailoverInput At(string recoveryPointId) => new(RecoveryPointType.Custom, recoveryPointId);
}
