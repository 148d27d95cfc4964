namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// What moves a protected item's state machine: the user operations (same names as
/// <see cref="AsrOperation"/>) and the engine's own events (a job ends; initial replication completes).
/// </summary>
internal enum ItemTrigger
{
    EnableProtection,
    ReverseReplicate,
    UnplannedFailover,
    Commit,
    DisableProtection,
    TestFailover,
    TestFailoverCleanup,
    JobSucceeded,
    JobFailed,
    InitialReplicationCompleted,
}
