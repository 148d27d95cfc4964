namespace Failback.Engine.Orchestration.Jobs;

/// <summary>What a job runs on: one protected item, or a recovery plan.</summary>
public enum JobTargetKind
{
    ProtectedItem,
    RecoveryPlan,
}
