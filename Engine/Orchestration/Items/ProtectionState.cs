namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// Where a protected item stands in the whole cycle (CYC-1): protect to Azure, fail over, commit,
/// reprotect back, fail back, commit, reprotect to Azure again. Names follow ASR's protection states
/// (InitialReplication, Protected, UnplannedFailover…, Commit…, Reprotect…); every operation has its
/// in-progress state and a failed state from which the same operation can be retried.
/// </summary>
public enum ProtectionState
{
    // On-premises, heading to Azure.
    Unprotected,
    EnablingProtection,
    EnableProtectionFailed,
    InitialReplication,
    Protected,
    FailoverToAzureInProgress,
    FailoverToAzureFailed,

    // Running in Azure.
    FailedOverToAzure,
    CommitInAzureInProgress,
    CommitInAzureFailed,
    FailoverCommittedInAzure,
    ReprotectToOnPremisesInProgress,
    ReprotectToOnPremisesFailed,
    InitialReplicationToOnPremises,
    ProtectedToOnPremises,
    FailbackInProgress,
    FailbackFailed,

    // Back on-premises.
    FailedBackToOnPremises,
    CommitOnPremisesInProgress,
    CommitOnPremisesFailed,
    FailbackCommitted,
    ReprotectToAzureInProgress,
    ReprotectToAzureFailed,

    // Leaving protection.
    DisablingProtection,
    DisableProtectionFailed,
    /// <summary>Protection was disabled while the machine ran in Azure: failback is no longer possible.</summary>
    ProtectionDisabledInAzure,

    // Running in Azure, failed over and not committed yet (last, so the numbers above stay as shipped).
    /// <summary>Change recovery point: the VM is recreated from another point before the commit.</summary>
    ChangeRecoveryPointInProgress,
    ChangeRecoveryPointFailed,
}
