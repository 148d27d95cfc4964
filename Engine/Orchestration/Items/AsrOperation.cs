namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// The operations a user starts on a protected item or a recovery plan, in ASR's vocabulary
/// (ReplicationProtectedItemOperation: ReverseReplicate is reprotect). <c>allowedOperations</c>
/// lists these.
/// </summary>
public enum AsrOperation
{
    EnableProtection,
    ReverseReplicate,
    UnplannedFailover,
    Commit,
    DisableProtection,
}
