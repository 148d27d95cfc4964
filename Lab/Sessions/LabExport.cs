using System.Text.Json.Nodes;
using Failback.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace Failback.Lab.Sessions;

/// <summary>
/// A lab's session as a drill: the lab's drill (topology, faults, starting steps) under the lab's seed, then each step
/// of the session in order with a <c>wait</c> for the virtual time between the end of the one before and its start, the
/// faults the instructor injected (each <c>at</c> the virtual time it was armed), and a last wait to the lab's time.
/// <c>drill run</c> of it ends in the lab's state. The drill's expectations and objectives are left out (the session is
/// what happened, not what should), as are passwords the session's steps carried (the step then uses the topology's).
/// A step the lab refused declares <c>fails-with</c> its error, so the drill goes on past it as the session did.
/// </summary>
public static class LabExport
{
    public static async Task<string> ExportAsync(LabSession session)
    {
        var actions = await session.ActionsAsync();
        var faults = await session.FaultsAsync();
        var start = session.Start;
        var stream = new YamlStream();
        stream.Load(new StringReader(LabDrill.WithoutObjectives(session.Drill.Text)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        root.Children.Remove(new YamlScalarNode("expect"));
        root.Children.Remove(new YamlScalarNode("covers"));
        root.Children[new YamlScalarNode("title")] = new YamlScalarNode($"Lab session {session.Name}: {session.Drill.Title}");
        root.Children[new YamlScalarNode("seed")] = new YamlScalarNode(session.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var steps = (YamlSequenceNode)root.Children[new YamlScalarNode("steps")];
        var end = start;
        foreach (var action in actions.Where(a => a.Kind == LabCommandKind.Step))
        {
            if (action.At > end) steps.Add(Wait(action.At - end));
            steps.Add(Node(action.Outcome == LabOutcome.Refused && action.Code is { } code ? FailsWith(Redacted(action.Command), code) : Redacted(action.Command)));
            end = action.End ?? action.At;
        }
        if (session.Now > end) steps.Add(Wait(session.Now - end));
        if (faults.Count > 0)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("faults"), out var list))
                root.Children[new YamlScalarNode("faults")] = list = new YamlSequenceNode();
            foreach (var (_, json) in faults) ((YamlSequenceNode)list).Add(Node(json));
        }
        var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        return text.ToString().TrimEnd('.', '\n', '\r') + "\n";
    }

    private static YamlNode Wait(TimeSpan gap) =>
        new YamlMappingNode(new YamlScalarNode("wait"), new YamlScalarNode(Quantities.FormatDuration(TimeSpan.FromMilliseconds(Math.Round(gap.TotalMilliseconds)))));

    private static YamlNode Node(string json)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(json));
        return stream.Documents[0].RootNode;
    }

    /// <summary>A refused step declares the error it failed with, so the drill goes on past it as the session did.</summary>
    private static string FailsWith(string json, string code)
    {
        var step = JsonNode.Parse(json);
        if (step is JsonValue bare) step = new JsonObject { [bare.GetValue<string>()] = new JsonObject() };
        var (_, args) = ((JsonObject)step!).First();
        if (args is JsonObject fields) fields["fails-with"] = code;
        return step!.ToJsonString();
    }

    /// <summary>The step with its password and passphrase fields left out.</summary>
    internal static string Redacted(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject step) return json;
        foreach (var (_, args) in step)
            if (args is JsonObject fields)
                foreach (var key in fields.Select(f => f.Key).Where(IsSecret).ToList())
                    fields.Remove(key);
        return step.ToJsonString();
    }

    internal static bool IsSecret(string field) => field is "password" or "passphrase";
}
