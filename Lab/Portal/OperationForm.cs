using System.Text.Json.Nodes;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// A submitted operation form as the drill step the lab's API takes (<c>POST /steps</c>): the vault's operations on an
/// item (failover, commit, reprotect, test failover and its cleanup, disable, restart-job), enable replication and the
/// vSphere client's actions. Only the dialog's fields are
/// copied; an empty choice is left out (the step's default applies).
/// </summary>
internal static class OperationForm
{
    private static readonly Dictionary<string, string[]> ItemFields = new(StringComparer.Ordinal)
    {
        ["failover"] = ["point"],
        ["commit"] = [],
        ["reprotect"] = ["master-target", "process-server", "datastore", "retention-volume", "location"],
        ["restart-job"] = [],
        ["test-failover"] = ["point", "network"],
        ["test-failover-cleanup"] = ["notes"],
        ["disable-protection"] = [],
    };

    private static readonly Dictionary<string, string[]> FormFields = new(StringComparer.Ordinal)
    {
        ["enable-protection"] = ["vm", "process-server"],
        ["power-on"] = ["vm"],
        ["power-off"] = ["vm"],
        ["take-snapshot"] = ["vm", "name"],
        ["remove-snapshots"] = ["vm"],
        ["storage-vmotion"] = ["vm", "datastore"],
        ["set-extra-config"] = ["vm", "key", "value"],
        ["set-license"] = ["host", "edition"],
    };

    /// <summary>An operation on the vault's item <paramref name="vm"/>, from its page.</summary>
    public static JsonNode ItemStep(string operation, string vm, IFormCollection form) =>
        Step(operation, ItemFields, form, new JsonObject { ["vm"] = vm }, "failover, commit, reprotect or restart-job");

    /// <summary>An action whose machine or host is a field of the form: enable replication, the vSphere client's actions.</summary>
    public static JsonNode FormStep(string operation, IFormCollection form) =>
        Step(operation, FormFields, form, [], string.Join(", ", FormFields.Keys));

    private static JsonObject Step(string operation, Dictionary<string, string[]> operations, IFormCollection form, JsonObject body, string known)
    {
        if (!operations.TryGetValue(operation, out var fields))
            throw new LabInputException("UnknownOperation", $"The portal has no operation '{operation}' here; use {known}.", 404);
        foreach (var field in fields)
            if (form[field].ToString() is { Length: > 0 } value) body[field] = value;
        return new JsonObject { [operation] = body };
    }
}
