using System.Text.Json.Nodes;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// A submitted operation form as the drill step the lab's API takes (<c>POST /steps</c>): the vault's operations on an
/// item (failover, change recovery point, commit, reprotect, test failover and its cleanup, disable, restart-job) and
/// on a recovery plan (create, failover, commit, reprotect, test failover and its cleanup), enable replication and the
/// vSphere client's actions. Only the dialog's fields are copied; an empty choice is left out (the step's default applies).
/// </summary>
internal static class OperationForm
{
    private static readonly Dictionary<string, string[]> ItemFields = new(StringComparer.Ordinal)
    {
        ["failover"] = ["point", "shut-down"],
        ["change-recovery-point"] = ["point"],
        ["commit"] = [],
        ["reprotect"] = ["master-target", "process-server", "datastore", "retention-volume", "location", "run-as-account"],
        ["restart-job"] = [],
        ["test-failover"] = ["point", "network"],
        ["test-failover-cleanup"] = ["notes"],
        ["disable-protection"] = [],
    };

    private static readonly Dictionary<string, string[]> FormFields = new(StringComparer.Ordinal)
    {
        ["enable-protection"] = ["vm", "process-server", "run-as-account"],
        ["power-on"] = ["vm"],
        ["power-off"] = ["vm"],
        ["take-snapshot"] = ["vm", "name"],
        ["remove-snapshots"] = ["vm"],
        ["storage-vmotion"] = ["vm", "datastore"],
        ["set-extra-config"] = ["vm", "key", "value"],
        ["set-license"] = ["host", "edition"],
    };

    /// <summary>A recovery plan's operations: the form's name, the step's and its fields.</summary>
    private static readonly Dictionary<string, (string Step, string[] Fields)> PlanOperations = new(StringComparer.Ordinal)
    {
        ["failover"] = ("plan-failover", ["point"]),
        ["commit"] = ("plan-commit", []),
        ["reprotect"] = ("plan-reprotect", ["direction", "master-target", "process-server", "datastore", "retention-volume"]),
        ["test-failover"] = ("plan-test-failover", ["point", "network"]),
        ["test-failover-cleanup"] = ("plan-test-failover-cleanup", ["notes"]),
    };

    /// <summary>An operation on the vault's item <paramref name="vm"/>, from its page.</summary>
    public static JsonNode ItemStep(string operation, string vm, IFormCollection form) =>
        Step(operation, ItemFields, form, new JsonObject { ["vm"] = vm }, string.Join(", ", ItemFields.Keys));

    /// <summary>An operation on the recovery plan <paramref name="plan"/>, from its page.</summary>
    public static JsonNode PlanStep(string operation, string plan, IFormCollection form)
    {
        if (!PlanOperations.TryGetValue(operation, out var known))
            throw new LabInputException("UnknownOperation", $"The portal has no operation '{Http.LabApi.Printable(operation)}' on a plan; use {string.Join(", ", PlanOperations.Keys)}.", 404);
        var body = new JsonObject { ["plan"] = plan };
        Copy(known.Fields, form, body);
        return new JsonObject { [known.Step] = body };
    }

    /// <summary>
    /// The Create recovery plan form as <c>create-plan</c>: its name, and its groups in order, one line of the form a
    /// group with its machines separated by commas (blank lines and spaces are ignored).
    /// </summary>
    public static JsonNode CreatePlan(IFormCollection form)
    {
        var groups = new JsonArray([.. form["groups"].ToString().Split('\n')
            .Select(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(machines => machines.Length > 0)
            .Select(machines => (JsonNode)new JsonArray([.. machines.Select(m => (JsonNode)JsonValue.Create(m))]))]);
        return new JsonObject { ["create-plan"] = new JsonObject { ["name"] = form["name"].ToString().Trim(), ["groups"] = groups } };
    }

    /// <summary>An action whose machine or host is a field of the form: enable replication, the vSphere client's actions.</summary>
    public static JsonNode FormStep(string operation, IFormCollection form) =>
        Step(operation, FormFields, form, [], string.Join(", ", FormFields.Keys));

    private static JsonObject Step(string operation, Dictionary<string, string[]> operations, IFormCollection form, JsonObject body, string known)
    {
        if (!operations.TryGetValue(operation, out var fields))
            throw new LabInputException("UnknownOperation", $"The portal has no operation '{Http.LabApi.Printable(operation)}' here; use {known}.", 404);
        Copy(fields, form, body);
        return new JsonObject { [operation] = body };
    }

    private static void Copy(string[] fields, IFormCollection form, JsonObject body)
    {
        foreach (var field in fields)
            if (form[field].ToString() is { Length: > 0 } value) body[field] = value;
    }
}
