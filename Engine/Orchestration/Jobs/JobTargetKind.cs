namespace Failback.Engine.Orchestration.Jobs;

/// <summary>What a job runs on: one protected item, a recovery plan, or a server of the configuration server's fabric.</summary>
public enum JobTargetKind
{
    ProtectedItem,
    RecoveryPlan,
    /// <summary>A vCenter, process server, master target or the configuration server itself (an infrastructure job).</summary>
    Server,
}
