namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// ASR's applyRecoveryPoint input (ApplyRecoveryPointInputProperties): the point a failed-over machine is recreated from
/// before the commit, chosen as for a failover: the latest, the latest app-consistent, or a listed point (Custom with its id).
/// </summary>
public sealed record ApplyRecoveryPointInput(RecoveryPointType RecoveryPointType, string? RecoveryPointId = null)
{
    public static ApplyRecoveryPointInput At(string recoveryPointId) => new(RecoveryPointType.Custom, recoveryPointId);
}
