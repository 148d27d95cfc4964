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
    /// <summary>A test failover: a copy of the machine at a recovery point in an isolated network, replication going on.</summary>
    TestFailover,
    /// <summary>Deletes the test failover's VM and disks and records the drill's notes.</summary>
    TestFailoverCleanup,
    /// <summary>Change recovery point (ASR's applyRecoveryPoint): between a failover to Azure and its commit, the VM is
    /// recreated from another point of the retention window.</summary>
    ChangePit,
}
