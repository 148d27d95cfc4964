using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>
/// The protectionState and protectionStateDescription ASR shows for each of the machine's finer internal
/// states. ASR uses the same strings on both legs of the cycle (the item's activeLocation tells them apart).
/// ASR's strings for the failback leg are not in any public example: they follow the forward leg's.
/// </summary>
internal static class ProtectionStateNames
{
    public static (string State, string Description) Of(ProtectionState state) => state switch
    {
        ProtectionState.Unprotected => ("UnprotectedStatesBegin", "Not protected"),
        ProtectionState.EnablingProtection => ("EnablingProtection", "Enabling protection"),
        ProtectionState.EnableProtectionFailed => ("EnablingFailed", "Enable protection failed"),
        ProtectionState.InitialReplication or ProtectionState.InitialReplicationToOnPremises
            => ("InitialReplicationInProgress", "Initial replication in progress"),
        ProtectionState.Protected or ProtectionState.ProtectedToOnPremises => ("Protected", "Protected"),
        ProtectionState.FailoverToAzureInProgress or ProtectionState.FailbackInProgress => ("UnplannedFailoverInitiated", "Failover in progress"),
        ProtectionState.FailoverToAzureFailed or ProtectionState.FailbackFailed => ("UnplannedFailoverFailed", "Failover failed"),
        ProtectionState.FailedOverToAzure or ProtectionState.FailedBackToOnPremises
            => ("UnplannedFailoverCommitPendingStatesBegin", "Failover completed, commit pending"),
        ProtectionState.ChangeRecoveryPointInProgress => ("ChangeRecoveryPointInitiated", "Change recovery point in progress"),
        ProtectionState.ChangeRecoveryPointFailed => ("ChangeRecoveryPointFailed", "Change recovery point failed"),
        ProtectionState.CommitInAzureInProgress or ProtectionState.CommitOnPremisesInProgress => ("CommitFailoverInProgressOnRecovery", "Commit in progress"),
        ProtectionState.CommitInAzureFailed or ProtectionState.CommitOnPremisesFailed => ("CommitFailoverFailedOnRecovery", "Commit failed"),
        ProtectionState.FailoverCommittedInAzure or ProtectionState.FailbackCommitted => ("UnplannedFailoverCommitted", "Failover committed"),
        ProtectionState.ReprotectToOnPremisesInProgress or ProtectionState.ReprotectToAzureInProgress => ("ReprotectInitiated", "Reprotect in progress"),
        ProtectionState.ReprotectToOnPremisesFailed or ProtectionState.ReprotectToAzureFailed => ("ReprotectFailed", "Reprotect failed"),
        ProtectionState.DisablingProtection => ("DisablingProtection", "Disabling protection"),
        ProtectionState.DisableProtectionFailed => ("DisablingFailed", "Disable protection failed"),
        ProtectionState.ProtectionDisabledInAzure => ("UnprotectedStatesBegin", "Not protected"),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no ASR name for this state"),
    };
}
