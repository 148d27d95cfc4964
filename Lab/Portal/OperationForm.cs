using System.Text.Json.Nodes;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// A submitted operation form as the drill step the lab's API takes (<c>POST /steps</c>): failover, commit, reprotect,
/// restart-job. Only the dialog's fields are copied; an empty choice is left out (the step's default applies).
/// </summary>
internal static class OperationForm
{
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["failover"] = ["point"],
        ["commit"] = [],
        ["reprotect"] = ["master-target", "process-server", "datastore", "retention-volume", "location"],
        ["restart-job"] = [],
    };

    public static JsonNode Step(string operation, string vm, IFormCollection form)
    {
        if (!Fields.TryGetValue(operation, out var fields))
            throw new LabInputException("UnknownOperation", $"The portal has no operation '{operation}'; use failover, commit, reprotect or restart-job.", 404);
        var body = new JsonObject { ["vm"] = vm };
        foreach (var field in fields)
            if (form[field].ToString() is { Length: > 0 } value) body[field] = value;
        return new JsonObject { [operation] = body };
    }
}
