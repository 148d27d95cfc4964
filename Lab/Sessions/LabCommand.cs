using System.Text.Json;
using System.Text.Json.Nodes;

namespace Failback.Lab.Sessions;

/// <summary>Whether a command is one of the drill language's steps or one of its fault rules.</summary>
public enum LabCommandKind
{
    Step,
    Fault,
}

/// <summary>
/// One thing done in a lab, in the drill language's own shape: a step is a JSON object identical to one YAML step
/// entry (<c>{"failover": {"vm": "web01", "point": "latest"}}</c>, or a bare <c>"lose-configuration-server"</c>), a
/// fault a JSON object identical to one fault entry (<c>{"target": "network", "fault": "partition", "for": "10m"}</c>).
/// So a lab's journal is a drill. <see cref="Json"/> is the compact JSON text.
/// </summary>
public sealed record LabCommand(LabCommandKind Kind, string Json)
{
    /// <summary>Nesting the language needs is 6; deeper input is refused before it is read.</summary>
    public const int MaxDepth = 16;

    public static LabCommand Step(string json) => new(LabCommandKind.Step, Compact(json));

    public static LabCommand Step(JsonNode step) => new(LabCommandKind.Step, step.ToJsonString());

    public static LabCommand Fault(string json) => new(LabCommandKind.Fault, Compact(json));

    public static LabCommand Fault(JsonNode fault) => new(LabCommandKind.Fault, fault.ToJsonString());

    /// <summary>The step's kind (its single key, or the bare word), or "fault".</summary>
    public string Name
    {
        get
        {
            if (Kind == LabCommandKind.Fault) return "fault";
            using var doc = JsonDocument.Parse(Json);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.String => doc.RootElement.GetString() ?? "",
                JsonValueKind.Object => doc.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? "",
                _ => "",
            };
        }
    }

    /// <summary>Parses and re-writes <paramref name="json"/> compactly; bad JSON is a <see cref="LabInputException"/>.</summary>
    private static string Compact(string json)
    {
        try
        {
            var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth })
                ?? throw new LabInputException("BadRequest", "The command is JSON null; send a step such as {\"failover\": {\"vm\": \"app-01\"}}.");
            return node.ToJsonString();
        }
        catch (JsonException e)
        {
            throw new LabInputException("BadRequest", $"The command is not valid JSON: {e.Message}");
        }
    }
}
