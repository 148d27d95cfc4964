namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>The public sources the vocabulary rests on (the shorthands of the fidelity notes, spelled out).</summary>
internal static class Sources
{
    public const string ProtectedItemOperation =
        "ReplicationProtectedItemOperation (Azure/azure-rest-api-specs recoveryservicessiterecovery 2022-10-01; hashicorp/pandora Constant-ReplicationProtectedItemOperation.cs)";
    public const string ProtectedItemProperties =
        "ReplicationProtectedItemProperties (hashicorp/pandora ReplicationProtectedItems/ReplicationProtectedItemProperties; learn.microsoft.com @azure/arm-recoveryservices-siterecovery)";
    public const string PowerShellVmware = "learn.microsoft.com/azure/site-recovery/vmware-azure-disaster-recovery-powershell";
    public const string RestExampleInMageRcm =
        "Microsoft REST example of an InMageRcm replicationProtectedItem (EnablingProtection 'Enabling protection'; UnplannedFailoverFailed 'Failover failed')";
    public const string CommunityScripts =
        "Get-AzRecoveryServicesAsrReplicationProtectedItem / az site-recovery outputs in public scripts (UnprotectedStatesBegin, UnplannedFailoverCommitPendingStatesBegin, UnplannedFailoverCommitted)";
    public const string DataReplicationStates =
        "Microsoft.DataReplication protectionState family (…Initiated, …Failed, CommitFailover…, Reprotect…), naming guidance only";
    public const string PortalHealth = "learn.microsoft.com/azure/site-recovery/site-recovery-monitor-and-troubleshoot";
    public const string JobProperties =
        "JobProperties / ASRTask (hashicorp/pandora ReplicationJobs/JobProperties, Model-ASRTask.cs; azure-rest-api-specs ReplicationJobs examples)";
    public const string EnableProtectionJob = "Azure/azure-docs-powershell azuresmps-4.0.0/Azure/Restart-AzureSiteRecoveryJob.md (Enable protection job and its tasks)";
    public const string TestFailoverJob = "learn.microsoft.com/azure/site-recovery/azure-to-azure-powershell (Test failover job and its tasks)";
    public const string FailoverJob = "A2A failover job in Microsoft lab material (Prerequisites Check for failover, Shut down the virtual machine, Synchronizing the latest changes, Start the replica virtual machine)";
    public const string RestartJob =
        "Azure/azure-docs-powershell azuresmps-4.0.0/Azure/Restart-AzureSiteRecoveryJob.md (AllowedActions {Cancel, Restart}); REST replicationJobs/{id}/restart; 78093's fix in vmware-azure-troubleshoot-failback-reprotect";
    public const string RecoveryPlanJob = "Azure/azure-docs-powershell azuresmps-4.0.0/Azure/Resume-AzureSiteRecoveryJob.md (Recovery plan preflight checks)";
    public const string FailbackTroubleshooting = "learn.microsoft.com/azure/site-recovery/vmware-azure-troubleshoot-failback-reprotect";
    public const string ChangeRecoveryPoint =
        "learn.microsoft.com/azure/site-recovery/failover-failback-overview-modernized (the recovery point can be changed after failover until the commit deletes the points); REST replicationProtectedItems/{item}/applyRecoveryPoint";
    public const string AddVCenterJob =
        "azure-rest-api-specs recoveryservicessiterecovery examples ReplicationJobs_List (scenarioName DiscoverVCenter); learn.microsoft.com/azure/site-recovery/vmware-azure-disaster-recovery-powershell (job 'Add vCenter server', VMs discovered 15-20 minutes later)";
    public const string ConfigurationServerRefresh =
        "learn.microsoft.com/azure/site-recovery/vmware-azure-manage-configuration-server and vmware-azure-prepare-failback (Refresh server; a new process server or retention drive is listed after up to 15 minutes)";
    public const string ProjectCodes = "the project's own FB code space (Scenarios/README.md, 'Error codes'): no public ASR code exists for this failure";
}
