using System.Text.Json.Nodes;
using Failback.Engine.Components;

namespace Failback.Lab.Arm.Resources;

/// <summary>
/// A replication policy as ASR's Policy: a forward policy is InMageAzureV2 (VMware to Azure), its failback policy
/// InMage (Azure to VMware), each with its RPO threshold, retention and app-consistent frequency in minutes.
/// </summary>
internal static class PolicyJson
{
    public static JsonObject Of(VaultView view, ReplicationPolicy policy)
    {
        var details = new JsonObject
        {
            ["instanceType"] = policy.IsFailback ? "InMage" : "InMageAzureV2",
            ["recoveryPointThresholdInMinutes"] = (int)policy.RpoThreshold.TotalMinutes,
            ["recoveryPointHistory"] = (int)policy.RecoveryPointRetention.TotalMinutes,
            ["appConsistentFrequencyInMinutes"] = (int)(policy.AppConsistentFrequency ?? TimeSpan.Zero).TotalMinutes,
            ["multiVmSyncStatus"] = "Enabled",
        };
        if (!policy.IsFailback) details["crashConsistentFrequencyInMinutes"] = (int)ReplicationPolicy.CrashConsistentFrequency.TotalMinutes;
        return Json.Resource(view.Arm.Policy(policy.Id), policy.Id, ArmVault.Types.Policy, view.Arm.Location, new JsonObject
        {
            ["friendlyName"] = policy.Name,
            ["providerSpecificDetails"] = details,
        });
    }

    /// <summary>The policies the configuration server holds; none while it is lost.</summary>
    public static IReadOnlyList<ReplicationPolicy> All(VaultView view) =>
        view.Vault.ConfigurationServerRunning ? view.Vault.ConfigurationServer.Database.Policies() : [];
}
