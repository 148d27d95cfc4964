using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Plans;
using Failback.Lab.Arm.Resources;

namespace Failback.Lab.Arm.Inputs;

/// <summary>ASR's inputs on a recovery plan, turned into the drill's plan steps.</summary>
internal static class PlanInputs
{
    /// <summary>
    /// PUT (create, or replace a plan of that name as ARM's PUT does): CreateRecoveryPlanInput's groups in order; each
    /// group with items becomes one of the plan's groups.
    /// </summary>
    public static JsonObject Create(VaultView view, string name, Body body) => ItemInputs.Step("create-plan", new JsonObject
    {
        ["name"] = name,
        ["groups"] = Groups(view, name, body.Array("properties.groups")
            ?? throw ArmException.BadRequest($"{body.Operation}: 'properties.groups' is required: [{{\"groupType\": \"Boot\", \"replicationProtectedItems\": [{{\"id\": ...}}]}}]."), body.Operation),
    });

    /// <summary>
    /// PATCH (update): UpdateRecoveryPlanInput's groups replace those of the existing <paramref name="plan"/>, the plan
    /// made again under its name (the drill's create-plan of that name).
    /// </summary>
    public static JsonObject Update(VaultView view, RecoveryPlan plan, Body body) => ItemInputs.Step("create-plan", new JsonObject
    {
        ["name"] = plan.Name,
        ["groups"] = Groups(view, plan.Name, body.Array("properties.groups")
            ?? throw ArmException.BadRequest($"{body.Operation}: 'properties.groups' is what a recovery plan's update changes, and the request has none."), body.Operation),
    });

    /// <summary>
    /// The drill's groups of machines from the spec's RecoveryPlanGroup list (ASR's Shutdown and Failover groups carry no
    /// items), checked against a plan's rules here so that a plan ASR refuses is refused before anything is journaled.
    /// </summary>
    private static JsonArray Groups(VaultView view, string plan, JsonArray groups, string operation)
    {
        var machines = new JsonArray();
        var ids = new List<IReadOnlyList<string>>();
        foreach (var group in groups)
        {
            var items = group is JsonObject g ? new Body(g, operation).Array("replicationProtectedItems") : null;
            if (items is null || items.Count == 0) continue;
            var names = new JsonArray();
            var groupIds = new List<string>();
            foreach (var entry in items)
            {
                var id = entry is JsonObject e ? new Body(e, operation).Required("id") : throw ArmException.BadRequest("A recovery plan group's replicationProtectedItems are objects with an id.");
                var item = view.Item(Body.Name(id));
                groupIds.Add(item.Id);
                names.Add(view.MachineName(item.Id));
            }
            machines.Add(names);
            ids.Add(groupIds);
        }
        if (machines.Count == 0) throw ArmException.BadRequest($"{operation}: no group names a protected item.");
        try
        {
            _ = new RecoveryPlan(plan, ids);
        }
        catch (ArgumentException e)
        {
            throw new ArmException(400, "InvalidRecoveryPlan", e.Message);
        }
        return machines;
    }

    /// <summary>unplannedFailover: RecoveryPlanUnplannedFailoverInput with the InMage point type (LatestTime or LatestTag).</summary>
    public static JsonObject Failover(RecoveryPlan plan, Body body) =>
        ItemInputs.Step("plan-failover", new JsonObject { ["plan"] = plan.Name, ["point"] = Point("Recovery plan failover", body) });

    /// <summary>testFailover: RecoveryPlanTestFailoverInput (the point type of its provider details, networkId as an item's test failover).</summary>
    public static JsonObject TestFailover(VaultView view, RecoveryPlan plan, Body body)
    {
        var direction = body.String("properties.failoverDirection");
        if (direction is not null && !string.Equals(direction, "PrimaryToRecovery", StringComparison.OrdinalIgnoreCase))
            throw new ArmException(400, "InvalidFailoverDirection", $"A recovery plan's test failover runs to Azure (failoverDirection PrimaryToRecovery), not {direction}.");
        var step = new JsonObject { ["plan"] = plan.Name, ["point"] = Point("Recovery plan test failover", body) };
        if (view.NetworkName(body.String("properties.networkId")) is { } network) step["network"] = network;
        return ItemInputs.Step("plan-test-failover", step);
    }

    /// <summary>testFailoverCleanup: RecoveryPlanTestFailoverCleanupInput's comments.</summary>
    public static JsonObject TestFailoverCleanup(RecoveryPlan plan, Body body)
    {
        var step = new JsonObject { ["plan"] = plan.Name };
        if (body.String("properties.comments") is { } comments) step["notes"] = comments;
        return ItemInputs.Step("plan-test-failover-cleanup", step);
    }

    /// <summary>The InMage point type of a plan's provider details (LatestTime or LatestTag; a plan has no custom point).</summary>
    private static string Point(string operation, Body body)
    {
        string? type = null;
        foreach (var details in body.Array("properties.providerSpecificDetails") ?? [])
            if (details is JsonObject d) type ??= new Body(d, operation).String("recoveryPointType");
        return type?.ToUpperInvariant() switch
        {
            null or "LATESTTIME" or "LATEST" => "latest",
            "LATESTTAG" or "LATESTAPPLICATIONCONSISTENT" => "latest-app-consistent",
            _ => throw ArmException.BadRequest($"{operation}: recoveryPointType is LatestTime or LatestTag for a plan, not '{type}'."),
        };
    }
}
