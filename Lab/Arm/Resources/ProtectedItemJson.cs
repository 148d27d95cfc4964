using System.Text.Json.Nodes;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Lab.Arm.Resources;

/// <summary>
/// A protected item as ASR's ReplicationProtectedItem: the state fields of <see cref="ItemStatus"/> and the classic
/// provider's details, InMageAzureV2 while the item's last leg replicated to Azure and InMage once it was reprotected
/// back (ASR switches the provider on reprotect).
/// </summary>
internal static class ProtectedItemJson
{
    /// <summary>The item's resource; <paramref name="jobs"/> are the vault's jobs (read once for a whole list).</summary>
    public static JsonObject Of(VaultView view, ProtectedItem item, IReadOnlyList<Job> jobs)
    {
        var vault = view.Vault;
        var status = vault.Status(item.Id);
        var arm = view.Arm;
        var fabric = view.Fabric;
        var running = jobs.LastOrDefault(j => j.TargetId == item.Id && j.State == JobState.InProgress);
        var lastFailover = jobs.LastOrDefault(j => j.TargetId == item.Id && j.Operation == AsrOperation.UnplannedFailover && j.State == JobState.Succeeded);
        var properties = new JsonObject
        {
            ["friendlyName"] = status.FriendlyName,
            ["protectedItemType"] = item.Kind == MachineKind.PhysicalServer ? "PhysicalMachine" : "VMwareVirtualMachine",
            ["primaryFabricFriendlyName"] = fabric,
            ["primaryFabricProvider"] = "VMware",
            ["recoveryFabricFriendlyName"] = ArmVault.AzureFabric,
            ["recoveryFabricId"] = ArmVault.AzureFabric,
            ["primaryProtectionContainerFriendlyName"] = ArmVault.ContainerName(fabric),
            ["recoveryProtectionContainerFriendlyName"] = ArmVault.AzureFabric,
            ["protectionState"] = status.ProtectionState,
            ["protectionStateDescription"] = status.ProtectionStateDescription,
            ["activeLocation"] = status.ActiveLocation,
            ["testFailoverState"] = status.TestFailoverState,
            ["testFailoverStateDescription"] = status.TestFailoverStateDescription,
            ["allowedOperations"] = Json.Strings(status.AllowedOperations),
            ["replicationHealth"] = status.ReplicationHealth,
            ["failoverHealth"] = status.FailoverHealth,
            ["healthErrors"] = new JsonArray([.. status.HealthErrors.Select(e => (JsonNode)new JsonObject
            {
                ["errorCode"] = e.Code,
                ["errorMessage"] = e.Message,
                ["possibleCauses"] = e.PossibleCauses,
                ["recommendedAction"] = e.RecommendedAction,
                ["errorLevel"] = "Error",
                ["entityId"] = item.Id,
            })]),
            ["policyFriendlyName"] = item.Policy.Name,
            ["providerSpecificDetails"] = Provider(view, item),
        };
        if (item.Policy.Id.Length > 0) properties["policyId"] = arm.Policy(item.Policy.Id);
        properties.Set("lastSuccessfulFailoverTime", lastFailover?.EndTime);
        if (running is not null)
            properties["currentScenario"] = new JsonObject { ["scenarioName"] = running.ScenarioName, ["jobId"] = arm.Job(running.Id) }.Set("startTime", running.StartTime);
        if (item.FailoverRecoveryPoint is { } point) properties["failoverRecoveryPointId"] = arm.RecoveryPoint(fabric, item.Id, point.Id);
        return Json.Resource(arm.Item(fabric, item.Id), item.Id, ArmVault.Types.Item, arm.Location, properties);
    }

    /// <summary>Which classic provider the item is under: InMage from a reprotect to on-premises until the next reprotect to Azure.</summary>
    public static string ProviderName(ProtectedItem item) => item.Direction switch
    {
        ReplicationDirection.AzureToOnPremises => "InMage",
        ReplicationDirection.OnPremisesToAzure => "InMageAzureV2",
        _ => item.ActiveLocation == Site.OnPremises && item.LastReprotectToOnPremises is not null && item.LastReprotectToAzure is null ? "InMage" : "InMageAzureV2",
    };

    private static JsonObject Provider(VaultView view, ProtectedItem item)
    {
        var vault = view.Vault;
        var name = ProviderName(item);
        var points = vault.RecoveryPoints(item.Id);
        var details = new JsonObject
        {
            ["instanceType"] = name,
            ["rpoInSeconds"] = (long)vault.Rpo(item.Id).TotalSeconds,
            ["vmId"] = item.Id,
        };
        if (item.ProcessServer is { } ps) details["processServerId"] = view.ServerId(ServerRole.ProcessServer, ps);
        if (item.ReplicationGroup is { } group) details["multiVmGroupName"] = group;
        if (name == "InMage")
        {
            if (item.LastReprotectToOnPremises is { } back)
            {
                details["masterTargetId"] = view.ServerId(ServerRole.MasterTarget, back.MasterTarget);
                details["datastores"] = Json.Strings([back.Datastore]);
            }
            if (points.Count > 0)
            {
                details.Set("retentionWindowStart", points[0].Time);
                details.Set("retentionWindowEnd", points[^1].Time);
            }
        }
        else
        {
            if (item.ProcessServer is { } psName) details["processServerName"] = psName;
            details.Set("lastRecoveryPointReceived", points.Count > 0 ? points[^1].Time : null);
            details["osName"] = item.OsName;
            if (vault.AzureVm(item.Id) is { } vm) details["recoveryAzureVMName"] = vm.Name;
        }
        return details;
    }
}
