using System.Text;
using Failback.Scenarios.Expectations;
using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using YamlDotNet.RepresentationModel;

namespace Failback.Lab.Sessions;

/// <summary>
/// The drill a lab starts from: its topology, faults and steps (the starting state), bound as <c>drill run</c> binds
/// them, and the exercise's <c>objectives:</c> (each a title, points, optional hints and one expectation under
/// <c>expect:</c>), which only labs read.
/// </summary>
public sealed class LabDrill
{
    /// <summary>The steps an objective's <c>step</c> expectation may name (the starting steps and the session's).</summary>
    private const int MaxSteps = 10_000;

    private LabDrill(string file, string text, BoundScenario bound, IReadOnlyList<LabObjective> objectives)
    {
        File = file;
        Text = text;
        Bound = bound;
        Objectives = objectives;
    }

    public string File { get; }
    public string Text { get; }
    public BoundScenario Bound { get; }
    public IReadOnlyList<LabObjective> Objectives { get; }
    public string Title => Bound.Scenario.Title;

    /// <summary>Reads a drill file (as <c>drill run</c> does: size, regular file); bad input is a located <see cref="ScenarioError"/>.</summary>
    public static LabDrill Load(string path)
    {
        var full = Path.GetFullPath(path);
        // Checks the file as drill run does (a regular file, at most 1 MiB) before reading it.
        if (!System.IO.File.Exists(full)) throw new ScenarioError(path, 1, 1, "no such drill file.");
        var length = new FileInfo(full).Length;
        if (length == 0 || length > ScenarioParser.MaxFileBytes)
            throw new ScenarioError(path, 1, 1, $"the file is {length} bytes; a drill file is 1 byte to {ScenarioParser.MaxFileBytes} bytes, and a regular file.");
        return Parse(full, System.IO.File.ReadAllText(full));
    }

    /// <summary>Binds the drill (without its objectives, exactly as <c>drill run</c>), then the objectives against its topology.</summary>
    public static LabDrill Parse(string file, string text)
    {
        var bound = BoundScenario.Parse(file, WithoutObjectives(text));
        var objectives = new List<LabObjective>();
        if (ObjectivesNode(text) is { } list)
        {
            var node = new Node(file, list, "objectives");
            foreach (var entry in node.AsList())
            {
                var m = entry.AsMap("title", "points", "hints", "expect");
                var expect = m.Required("expect").AsMap();
                if (expect.Entries.Count != 1) throw expect.Node.Error($"{expect.Node.Path} holds exactly one expectation (e.g. item: {{vm: app-01, state: Protected}}).");
                var (kind, _, args) = expect.Entries[0];
                var item = new ScenarioItem(objectives.Count, kind, args, expect.Node);
                objectives.Add(new LabObjective(objectives.Count, m.Required("title").AsString(), m.Optional("points")?.AsInt(0, 1000) ?? 1,
                    [.. (m.Optional("hints")?.AsListOrOne() ?? []).Select(h => h.AsString())],
                    ExpectationBinder.Bind(item, bound.Topology, MaxSteps)));
            }
        }
        return new LabDrill(file, text, bound, objectives);
    }

    /// <summary>
    /// The text with the top-level <c>objectives:</c> entry blanked out (spaces, lines kept), so the drill language reads the
    /// rest with its own positions.
    /// </summary>
    public static string WithoutObjectives(string text)
    {
        if (FindObjectives(text) is not var (key, _, next)) return text;
        var chars = new StringBuilder(text);
        var end = next is null ? text.Length : Offset(text, next.Start);
        for (var i = Offset(text, key.Start); i < end && i < chars.Length; i++)
            if (chars[i] is not '\n' and not '\r') chars[i] = ' ';
        return chars.ToString();
    }

    private static YamlNode? ObjectivesNode(string text) => FindObjectives(text)?.Value;

    /// <summary>The top-level objectives key, its value, and the key after it (null when it is the last).</summary>
    private static (YamlNode Key, YamlNode Value, YamlNode? Next)? FindObjectives(string text)
    {
        if (!text.Contains("objectives", StringComparison.Ordinal)) return null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // The drill language reports the syntax error, with its position.
            return null;
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow } root) return null;
        var keys = root.Children.Keys.ToList();
        for (var i = 0; i < keys.Count; i++)
            if (keys[i] is YamlScalarNode { Value: "objectives" }) return (keys[i], root.Children[keys[i]], i + 1 < keys.Count ? keys[i + 1] : null);
        return null;
    }

    /// <summary>The character offset of a 1-based line and column.</summary>
    private static int Offset(string text, YamlDotNet.Core.Mark mark)
    {
        var offset = 0;
        for (var line = 1; line < mark.Line; line++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0) return text.Length;
            offset = next + 1;
        }
        return Math.Min(text.Length, offset + (int)mark.Column - 1);
    }
}
