using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Plans;

namespace Failback.Lab.Arm.Resources;

/// <summary>
/// A recovery plan as ASR's RecoveryPlan: each of its ordered groups is a Boot group of protected items (the
/// plan's machines fail over group by group), between ASR's fixed Shutdown and Failover groups. Its allowed
/// operations are those every item of the plan allows.
/// </summary>
internal static class RecoveryPlanJson
{
    public static JsonObject Of(VaultView view, RecoveryPlan plan)
    {
        var vault = view.Vault;
        var arm = view.Arm;
        var allowed = plan.ItemIds.Select(id => (IEnumerable<AsrOperation>)vault.AllowedOperations(id))
            .Aggregate((a, b) => a.Intersect(b)).Where(op => op != AsrOperation.DisableProtection);
        var groups = new JsonArray
        {
            Group("Shutdown", []),
            Group("Failover", []),
        };
        foreach (var g in plan.Groups)
            groups.Add(Group("Boot", g.Select(id => (JsonNode)new JsonObject { ["id"] = arm.Item(view.Fabric, id), ["virtualMachineId"] = id })));
        return Json.Resource(arm.Plan(plan.Name), plan.Name, ArmVault.Types.Plan, arm.Location, new JsonObject
        {
            ["friendlyName"] = plan.Name,
            ["primaryFabricId"] = arm.Fabric(view.Fabric),
            ["primaryFabricFriendlyName"] = view.Fabric,
            ["recoveryFabricId"] = ArmVault.AzureFabric,
            ["recoveryFabricFriendlyName"] = ArmVault.AzureFabric,
            ["failoverDeploymentModel"] = "ResourceManager",
            ["replicationProviders"] = Json.Strings(plan.ItemIds.Select(id => ProtectedItemJson.ProviderName(vault.Item(id))).Distinct()),
            ["allowedOperations"] = Json.Strings(allowed.Select(op => op.ToString())),
            ["groups"] = groups,
        });
    }

    private static JsonObject Group(string type, IEnumerable<JsonNode> items) => new()
    {
        ["groupType"] = type,
        ["replicationProtectedItems"] = new JsonArray([.. items]),
        ["startGroupActions"] = new JsonArray(),
        ["endGroupActions"] = new JsonArray(),
    };
}
