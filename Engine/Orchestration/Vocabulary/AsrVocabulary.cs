using AsrOperation = Failback.Engine.Orchestration.Items.AsrOperation;
using static Failback.Engine.Orchestration.Vocabulary.VocabularyKind;

namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>
/// Every state, operation, job name, task name and error code the harness shows its users, each with the
/// public source it rests on or marked as the closest documented pattern. The one place this vocabulary is
/// kept: a test fails when anything users see is not listed here.
/// </summary>
internal static class AsrVocabulary
{
    private static VocabularyEntry Doc(VocabularyKind kind, string name, string source) => new(kind, name, source);
    private static VocabularyEntry Near(VocabularyKind kind, string name, string pattern) => new(kind, name, pattern, ClosestPattern: true);

    /// <summary>The project's own error codes: FB, then a group digit (1 cycle and inputs, 2 prerequisites, 3 location,
    /// 4 known failure modes, 5 process server and connectivity, 6 master target, 9 job outcomes), then three digits.</summary>
    private static readonly string[] ProjectErrorCodes =
    [
        "FB1001", "FB1002", "FB1003", "FB1004", "FB1005", "FB1006", "FB1101", "FB1102", "FB1103", "FB1104", "FB1108", "FB1109", "FB1110", "FB1111", "FB1201", "FB1301",
        "FB2001", "FB2002", "FB2003", "FB2004", "FB2005", "FB2006", "FB2007", "FB2008", "FB2009",
        "FB3003", "FB3004", "FB3006",
        "FB4001", "FB4002", "FB4003", "FB4004", "FB4005", "FB4006",
        "FB5002", "FB5003", "FB5101", "FB5102", "FB5103",
        "FB6001", "FB6002", "FB6003", "FB6004", "FB6005", "FB6006", "FB6007", "FB6008",
        "FB7001", "FB7002", "FB7003", "FB7004", "FB7005", "FB7006", "FB7007", "FB7008", "FB7009", "FB7010", "FB7011", "FB7012", "FB7013",
        "FB9001", "FB9002",
    ];

    public static IReadOnlyList<VocabularyEntry> Entries { get; } =
    [
        // protectionState (a free string in the API) and its description.
        Doc(ProtectionState, "UnprotectedStatesBegin", Sources.CommunityScripts),
        Doc(ProtectionState, "EnablingProtection", Sources.RestExampleInMageRcm),
        Near(ProtectionState, "EnablingFailed", Sources.DataReplicationStates),
        Doc(ProtectionState, "InitialReplicationInProgress", Sources.PowerShellVmware),
        Doc(ProtectionState, "Protected", Sources.PowerShellVmware),
        Near(ProtectionState, "UnplannedFailoverInitiated", Sources.DataReplicationStates),
        Doc(ProtectionState, "UnplannedFailoverFailed", Sources.RestExampleInMageRcm),
        Doc(ProtectionState, "UnplannedFailoverCommitPendingStatesBegin", Sources.CommunityScripts),
        Near(ProtectionState, "ChangeRecoveryPointInitiated", Sources.DataReplicationStates),
        Near(ProtectionState, "ChangeRecoveryPointFailed", Sources.DataReplicationStates),
        Near(ProtectionState, "CommitFailoverInProgressOnRecovery", Sources.DataReplicationStates),
        Near(ProtectionState, "CommitFailoverFailedOnRecovery", Sources.DataReplicationStates),
        Doc(ProtectionState, "UnplannedFailoverCommitted", Sources.CommunityScripts),
        Near(ProtectionState, "ReprotectInitiated", Sources.DataReplicationStates),
        Near(ProtectionState, "ReprotectFailed", Sources.DataReplicationStates),
        Near(ProtectionState, "DisablingProtection", Sources.DataReplicationStates),
        Near(ProtectionState, "DisablingFailed", Sources.DataReplicationStates),
        Near(ProtectionStateDescription, "Not protected", Sources.PortalHealth),
        Doc(ProtectionStateDescription, "Enabling protection", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Enable protection failed", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Initial replication in progress", Sources.PowerShellVmware),
        Doc(ProtectionStateDescription, "Protected", Sources.ProtectedItemProperties),
        Near(ProtectionStateDescription, "Failover in progress", Sources.RestExampleInMageRcm),
        Doc(ProtectionStateDescription, "Failover failed", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Failover completed, commit pending", Sources.CommunityScripts),
        Near(ProtectionStateDescription, "Change recovery point in progress", Sources.ChangeRecoveryPoint),
        Near(ProtectionStateDescription, "Change recovery point failed", Sources.ChangeRecoveryPoint),
        Near(ProtectionStateDescription, "Commit in progress", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Commit failed", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Failover committed", Sources.CommunityScripts),
        Near(ProtectionStateDescription, "Reprotect in progress", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Reprotect failed", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Disabling protection", Sources.RestExampleInMageRcm),
        Near(ProtectionStateDescription, "Disable protection failed", Sources.RestExampleInMageRcm),

        // The other state fields of the item.
        Doc(ActiveLocation, "Primary", Sources.ProtectedItemProperties),
        Doc(ActiveLocation, "Recovery", Sources.ProtectedItemProperties),
        Doc(Health, "Normal", Sources.ProtectedItemProperties),
        Doc(Health, "Warning", Sources.ProtectedItemProperties),
        Doc(Health, "Critical", Sources.ProtectedItemProperties),
        Doc(Health, "None", Sources.RestExampleInMageRcm),
        Doc(TestFailoverState, "None", Sources.RestExampleInMageRcm),
        .. Enum.GetNames<Items.TestFailoverState>().Where(s => s != "None").Select(s => Near(TestFailoverState, s, Sources.DataReplicationStates)),
        Doc(TestFailoverStateDescription, "None", Sources.RestExampleInMageRcm),
        .. new[] { "Test failover in progress", "Test failover completed, cleanup pending", "Test failover failed", "Cleanup test failover in progress", "Cleanup test failover failed" }
            .Select(s => Near(TestFailoverStateDescription, s, Sources.PortalHealth)),

        // allowedOperations: only ReplicationProtectedItemOperation values the engine implements.
        Doc(AllowedOperation, nameof(AsrOperation.ReverseReplicate), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.UnplannedFailover), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.Commit), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.DisableProtection), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.TestFailover), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.TestFailoverCleanup), Sources.ProtectedItemOperation),
        Doc(AllowedOperation, nameof(AsrOperation.ChangePit), Sources.ProtectedItemOperation),

        // Jobs.
        .. Enum.GetNames<Jobs.JobState>().Select(s => Doc(JobState, s, Sources.JobProperties)),
        Doc(JobStateDescription, "Completed", Sources.JobProperties),
        Doc(JobAction, JobNames.Restart, Sources.RestartJob),
        Doc(JobAction, JobNames.Cancel, Sources.RestartJob),
        .. Enum.GetNames<Jobs.JobState>().Where(s => s != nameof(Jobs.JobState.Succeeded)).Select(s => Near(JobStateDescription, s, Sources.JobProperties)),
        Near(JobScenario, "EnableProtection", Sources.JobProperties),
        Near(JobScenario, "ReverseReplicate", Sources.ProtectedItemOperation),
        Near(JobScenario, "UnplannedFailover", Sources.ProtectedItemOperation),
        Near(JobScenario, "Commit", Sources.ProtectedItemOperation),
        Near(JobScenario, "DisableProtection", Sources.ProtectedItemOperation),
        Doc(JobScenario, "TestFailover", Sources.JobProperties),
        Near(JobScenario, "TestFailoverCleanup", Sources.ProtectedItemOperation),
        Near(JobScenario, "ChangePit", Sources.ProtectedItemOperation),
        Doc(JobFriendlyName, "Enable protection", Sources.EnableProtectionJob),
        Near(JobFriendlyName, "Reprotect", Sources.JobProperties),
        Near(JobFriendlyName, "Unplanned failover", Sources.TestFailoverJob),
        Near(JobFriendlyName, "Commit", Sources.JobProperties),
        Near(JobFriendlyName, "Disable protection", Sources.JobProperties),
        Doc(JobFriendlyName, "Test failover", Sources.TestFailoverJob),
        Near(JobFriendlyName, "Cleanup test failover", Sources.PortalHealth),
        Near(JobFriendlyName, "Change recovery point", Sources.ChangeRecoveryPoint),
        Near(JobTask, "Prerequisites check for changing the recovery point", Sources.EnableProtectionJob),
        Doc(JobTask, "Prerequisites check for test failover", Sources.TestFailoverJob),
        Near(JobTask, "Prerequisites check for test failover cleanup", Sources.TestFailoverJob),
        Doc(JobTask, JobNames.CreateTestVm, Sources.TestFailoverJob),
        Doc(JobTask, JobNames.PreparingVm, Sources.TestFailoverJob),
        Doc(JobTask, JobNames.StartVm, Sources.TestFailoverJob),
        Near(JobTask, JobNames.DeleteTestVm, Sources.TestFailoverJob),
        Doc(JobTask, "Prerequisites check for enabling protection", Sources.EnableProtectionJob),
        Near(JobTask, "Prerequisites check for reprotect", Sources.EnableProtectionJob),
        Doc(JobTask, "Prerequisites check for failover", Sources.FailoverJob),
        Near(JobTask, "Prerequisites check for commit", Sources.EnableProtectionJob),
        Near(JobTask, "Prerequisites check for disabling protection", Sources.EnableProtectionJob),
        Doc(JobTask, JobNames.EnableReplication, Sources.EnableProtectionJob),
        Near(JobTask, JobNames.PrepareOnPremisesVm, Sources.TestFailoverJob),
        Near(JobTask, JobNames.EnableReverseReplication, Sources.EnableProtectionJob),
        Doc(JobTask, JobNames.ShutDownVm, Sources.FailoverJob),
        Doc(JobTask, JobNames.SynchronizeLatestChanges, Sources.FailoverJob),
        Near(JobTask, JobNames.RecoverDisks, Sources.FailoverJob),
        Doc(JobTask, JobNames.StartReplicaVm, Sources.FailoverJob),
        Near(JobTask, JobNames.DeleteAzureVm, Sources.FailoverJob),
        Near(JobTask, JobNames.CommitFailover, Sources.FailoverJob),
        Near(JobTask, JobNames.DisableReplication, Sources.EnableProtectionJob),
        Doc(JobTask, JobNames.RecoveryPlanPreflight, Sources.RecoveryPlanJob),
        // Infrastructure jobs: only the vCenter's names are documented; the others follow the "Add vCenter server" pattern.
        Doc(JobScenario, "DiscoverVCenter", Sources.AddVCenterJob),
        Doc(JobFriendlyName, "Add vCenter server", Sources.AddVCenterJob),
        Near(JobScenario, "RegisterProcessServer", Sources.AddVCenterJob),
        Near(JobFriendlyName, "Register process server", Sources.AddVCenterJob),
        Near(JobScenario, "RegisterMasterTargetServer", Sources.AddVCenterJob),
        Near(JobFriendlyName, "Register master target server", Sources.AddVCenterJob),
        Near(JobScenario, "RefreshServer", Sources.ConfigurationServerRefresh),
        Near(JobFriendlyName, "Refresh server", Sources.ConfigurationServerRefresh),
        .. Enum.GetValues<Jobs.InfrastructureAction>().Select(a => Near(JobTask, JobNames.PrerequisitesCheck(a), Sources.EnableProtectionJob)),
        Near(JobTask, JobNames.ConnectVCenter, Sources.AddVCenterJob),
        Near(JobTask, JobNames.DiscoverVms, Sources.AddVCenterJob),
        Near(JobTask, JobNames.DeployProcessServerVm, Sources.ConfigurationServerRefresh),
        Near(JobTask, JobNames.RegisterWithConfigurationServer, Sources.ConfigurationServerRefresh),
        Near(JobTask, JobNames.ListProcessServer, Sources.ConfigurationServerRefresh),
        Near(JobTask, JobNames.ListRetentionDrive, Sources.ConfigurationServerRefresh),
        Near(JobTask, JobNames.RefreshConfigurationServer, Sources.ConfigurationServerRefresh),
        // A plan has at most seven groups; ASR's own group task names are "All groups failover: ...".
        .. from g in Enumerable.Range(1, 7)
           from op in new[] { AsrOperation.UnplannedFailover, AsrOperation.Commit, AsrOperation.ReverseReplicate, AsrOperation.TestFailover, AsrOperation.TestFailoverCleanup }
           select Near(JobTask, JobNames.PlanGroup(g, op), Sources.RecoveryPlanJob),

        // Error codes: ASR's documented numbers, then the project's own FB space.
        Doc(ErrorCode, "95226", Sources.FailbackTroubleshooting),
        Doc(ErrorCode, "78052", Sources.FailbackTroubleshooting),
        Doc(ErrorCode, "78093", Sources.FailbackTroubleshooting),
        Doc(ErrorCode, "8061", Sources.FailbackTroubleshooting),
        Doc(ErrorCode, "8038", Sources.FailbackTroubleshooting),
        .. ProjectErrorCodes.Select(code => Near(ErrorCode, code, Sources.ProjectCodes)),
    ];


    /// <summary>True when <paramref name="name"/> is a listed value of <paramref name="kind"/>.</summary>
    public static bool Contains(VocabularyKind kind, string name) => Entries.Any(e => e.Kind == kind && e.Name == name);
}
