namespace Failback.Lab.Arm;

/// <summary>
/// The Recovery Services vault a lab is served as (the vault's name is the lab's name) and the ARM ids of its
/// resources, in ASR's own hierarchy: one VMware fabric per configuration server, its protection container, the
/// protected items and their recovery points under it; jobs, plans and policies directly under the vault.
/// </summary>
public sealed record ArmVault(string Subscription, string ResourceGroup, string Name, string Location)
{
    public const string Provider = "Microsoft.RecoveryServices/vaults";
    /// <summary>ASR names the Azure side of a VMware fabric's pairing this way in its answers.</summary>
    public const string AzureFabric = "Microsoft Azure";

    public string Id => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/{Provider}/{Name}";

    public string Fabric(string fabric) => $"{Id}/replicationFabrics/{fabric}";
    public string Container(string fabric) => $"{Fabric(fabric)}/replicationProtectionContainers/{ContainerName(fabric)}";
    public string Item(string fabric, string item) => $"{Container(fabric)}/replicationProtectedItems/{item}";
    public string RecoveryPoint(string fabric, string item, string point) => $"{Item(fabric, item)}/recoveryPoints/{point}";
    public string VCenter(string fabric, string vCenter) => $"{Fabric(fabric)}/replicationvCenters/{vCenter}";
    public string Job(string job) => $"{Id}/replicationJobs/{job}";
    public string Plan(string plan) => $"{Id}/replicationRecoveryPlans/{plan}";
    public string Policy(string policy) => $"{Id}/replicationPolicies/{policy}";
    public string OperationStatus(string operation) => $"{Id}/replicationOperationStatus/{operation}";
    public string OperationResult(string operation) => $"{Id}/replicationOperationResults/{operation}";

    /// <summary>The one protection container of a VMware fabric (ASR calls it a cloud).</summary>
    public static string ContainerName(string fabric) => "cloud_" + fabric;

    public static class Types
    {
        public const string Fabric = Provider + "/replicationFabrics";
        public const string Container = Fabric + "/replicationProtectionContainers";
        public const string Item = Container + "/replicationProtectedItems";
        public const string RecoveryPoint = Item + "/recoveryPoints";
        public const string VCenter = Fabric + "/replicationvCenters";
        public const string Job = Provider + "/replicationJobs";
        public const string Plan = Provider + "/replicationRecoveryPlans";
        public const string Policy = Provider + "/replicationPolicies";
    }
}
