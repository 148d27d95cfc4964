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
        LabAction? previous = null;
        foreach (var action in actions.Where(a => a.Kind == LabCommandKind.Step))
        {
            if (action.Name == LabSession.CancelJob && previous is not null && CancelledWhileRunning(previous, action))
            {
                // A cancel sent while the step before ran: the two as a parallel step, the cancel 'after' the time between them.
                steps.Children[^1] = new YamlMappingNode(new YamlScalarNode("parallel"), new YamlSequenceNode(steps.Children[^1], Node(CancelAfter(action, action.At - previous.At))));
                continue;
            }
            if (action.At > end) steps.Add(Wait(action.At - end));
            steps.Add(Node(Command(action)));
            end = action.End ?? action.At;
            previous = action;
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

    /// <summary>
    /// Whether a cancel was sent while <paramref name="previous"/> ran: it had not ended, or it ended at the cancel's
    /// instant because of it (a cancel that succeeded found a running job, and the lab runs one step's job at a time).
    /// </summary>
    private static bool CancelledWhileRunning(LabAction previous, LabAction cancel) =>
        previous.End is not { } end || end > cancel.At || (end == cancel.At && cancel.Outcome == LabOutcome.Done);

    /// <summary>The step as the drill runs it: a refused one declares its error.</summary>
    private static string Command(LabAction action) =>
        action.Outcome == LabOutcome.Refused && action.Code is { } code ? FailsWith(Redacted(action.Command), code) : Redacted(action.Command);

    private static string CancelAfter(LabAction cancel, TimeSpan after)
    {
        var step = (JsonObject)JsonNode.Parse(Command(cancel))!;
        if (step[LabSession.CancelJob] is JsonObject fields && after > TimeSpan.Zero)
            fields["after"] = Quantities.FormatDuration(TimeSpan.FromMilliseconds(Math.Round(after.TotalMilliseconds)));
        return step.ToJsonString();
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
