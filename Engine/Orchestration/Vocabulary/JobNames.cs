using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>
/// The names a job shows (scenarioName, friendlyName) and its tasks' names, in ASR's pattern: "Prerequisites
/// check for ..." first, then the operation's tasks. Documented where ASR's pages list them (enable protection,
/// failover); the classic reprotect, failback and commit task lists are in no public source and follow that pattern.
/// </summary>
internal static class JobNames
{
    public const string EnableReplication = "Enable replication";
    public const string PrepareOnPremisesVm = "Prepare the on-premises virtual machine";
    public const string EnableReverseReplication = "Enable reverse replication";
    public const string ShutDownVm = "Shut down the virtual machine";
    public const string SynchronizeLatestChanges = "Synchronizing the latest changes";
    public const string RecoverDisks = "Recover the disks to the recovery point";
    public const string StartReplicaVm = "Start the replica virtual machine";
    public const string DeleteAzureVm = "Delete the Azure virtual machine";
    public const string CommitFailover = "Commit the failover";
    public const string DisableReplication = "Disable replication";
    public const string CreateTestVm = "Create test virtual machine";
    public const string PreparingVm = "Preparing the virtual machine";
    public const string StartVm = "Start the virtual machine";
    public const string DeleteTestVm = "Delete the test virtual machine";
    public const string RecoveryPlanPreflight = "Recovery plan preflight checks";
    public const string ConnectVCenter = "Connect to the vCenter server";
    public const string DiscoverVms = "Discover the virtual machines";
    public const string DeployProcessServerVm = "Deploy the process server virtual machine";
    public const string RegisterWithConfigurationServer = "Register with the configuration server";
    public const string ListProcessServer = "List the process server";
    public const string ListRetentionDrive = "List the retention drive";
    public const string RefreshConfigurationServer = "Refresh the configuration server";
    /// <summary>The job action that runs a failed job again (ASR's documented fix for 78093).</summary>
    public const string Restart = "Restart";
    /// <summary>The job action that stops a running job (ASR's replicationJobs/{id}/cancel).</summary>
    public const string Cancel = "Cancel";

    /// <summary>JobProperties.scenarioName of an operation's job.</summary>
    public static string Scenario(AsrOperation operation) => operation switch
    {
        AsrOperation.EnableProtection => "EnableProtection",
        AsrOperation.ReverseReplicate => "ReverseReplicate",
        AsrOperation.UnplannedFailover => "UnplannedFailover",
        AsrOperation.Commit => "Commit",
        AsrOperation.DisableProtection => "DisableProtection",
        AsrOperation.TestFailover => "TestFailover",
        AsrOperation.TestFailoverCleanup => "TestFailoverCleanup",
        AsrOperation.ChangePit => "ChangePit",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no job scenario"),
    };

    /// <summary>JobProperties.friendlyName of an operation's job.</summary>
    public static string FriendlyName(AsrOperation operation) => operation switch
    {
        AsrOperation.EnableProtection => "Enable protection",
        AsrOperation.ReverseReplicate => "Reprotect",
        AsrOperation.UnplannedFailover => "Unplanned failover",
        AsrOperation.Commit => "Commit",
        AsrOperation.DisableProtection => "Disable protection",
        AsrOperation.TestFailover => "Test failover",
        AsrOperation.TestFailoverCleanup => "Cleanup test failover",
        AsrOperation.ChangePit => "Change recovery point",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no job name"),
    };

    /// <summary>The first task of every item job.</summary>
    public static string PrerequisitesCheck(AsrOperation operation) => operation switch
    {
        AsrOperation.EnableProtection => "Prerequisites check for enabling protection",
        AsrOperation.ReverseReplicate => "Prerequisites check for reprotect",
        AsrOperation.UnplannedFailover => "Prerequisites check for failover",
        AsrOperation.Commit => "Prerequisites check for commit",
        AsrOperation.DisableProtection => "Prerequisites check for disabling protection",
        AsrOperation.TestFailover => "Prerequisites check for test failover",
        AsrOperation.TestFailoverCleanup => "Prerequisites check for test failover cleanup",
        AsrOperation.ChangePit => "Prerequisites check for changing the recovery point",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no prerequisites task"),
    };

    /// <summary>JobProperties.scenarioName of an infrastructure job.</summary>
    public static string Scenario(InfrastructureAction action) => action switch
    {
        InfrastructureAction.AddVCenter => "DiscoverVCenter",
        InfrastructureAction.RegisterProcessServer => "RegisterProcessServer",
        InfrastructureAction.RegisterMasterTarget => "RegisterMasterTargetServer",
        InfrastructureAction.RefreshConfigurationServer => "RefreshServer",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no job scenario"),
    };

    /// <summary>JobProperties.friendlyName of an infrastructure job.</summary>
    public static string FriendlyName(InfrastructureAction action) => action switch
    {
        InfrastructureAction.AddVCenter => "Add vCenter server",
        InfrastructureAction.RegisterProcessServer => "Register process server",
        InfrastructureAction.RegisterMasterTarget => "Register master target server",
        InfrastructureAction.RefreshConfigurationServer => "Refresh server",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no job name"),
    };

    /// <summary>The first task of every infrastructure job.</summary>
    public static string PrerequisitesCheck(InfrastructureAction action) => action switch
    {
        InfrastructureAction.AddVCenter => "Prerequisites check for adding the vCenter server",
        InfrastructureAction.RegisterProcessServer => "Prerequisites check for registering the process server",
        InfrastructureAction.RegisterMasterTarget => "Prerequisites check for registering the master target server",
        InfrastructureAction.RefreshConfigurationServer => "Prerequisites check for refreshing the server",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no prerequisites task"),
    };

    /// <summary>The task of a recovery plan job that runs group <paramref name="group"/> (1-based).</summary>
    public static string PlanGroup(int group, AsrOperation operation) => $"Group {group}: {FriendlyName(operation)}";
}
