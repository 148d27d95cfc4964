using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Failback.Scenarios.Language;

/// <summary>
/// Reads a scenario file into <see cref="Scenario"/>: YAML syntax, the top-level fields, the shape of
/// steps, faults and expectations (each a one-key map naming its kind) and the covered rule IDs.
/// The arguments of each item are checked when the runner binds them, before anything runs.
/// </summary>
public static class ScenarioParser
{
    public static readonly string[] TopLevel = ["title", "description", "seed", "topology", "steps", "faults", "expect", "covers"];

    public static Scenario ParseFile(string path, IReadOnlySet<string> knownRules)
    {
        if (!File.Exists(path)) throw new ScenarioError(path, 1, 1, "no such scenario file.");
        return Parse(path, File.ReadAllText(path), knownRules);
    }

    public static Scenario Parse(string file, string text, IReadOnlySet<string> knownRules)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ScenarioError(file, (int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {Clean(reason)}");
        }
        if (stream.Documents.Count != 1)
            throw new ScenarioError(file, 1, 1, stream.Documents.Count == 0 ? "the file is empty." : "a scenario file holds exactly one YAML document.");

        var root = new Node(file, stream.Documents[0].RootNode, "").AsMap(TopLevel);
        var title = root.Required("title").AsString();
        var seed = root.Optional("seed")?.AsUInt64() ?? 1;
        var steps = Items(root.Required("steps"), "step");
        if (steps.Count == 0) throw root.Required("steps").Error("a scenario needs at least one step.");
        var covers = (root.Optional("covers")?.AsList() ?? []).Select(n =>
        {
            var id = n.AsString();
            return knownRules.Contains(id)
                ? (id, n)
                : throw n.Error($"unknown rule ID '{id}' in covers; known IDs are those of the rule catalog (e.g. {string.Join(", ", knownRules.Order().Take(4))}).");
        }).ToList();

        return new Scenario(file, title, root.Optional("description")?.AsString(), seed, root.Optional("topology"),
            steps, Items(root.Optional("faults"), "fault"), Items(root.Optional("expect"), "expectation"), covers);
    }

    /// <summary>
    /// A list whose entries are one-key maps (<c>- reprotect: {...}</c>) or bare words (<c>- commit-all</c>);
    /// a fault entry is a plain map and takes "fault" as its kind.
    /// </summary>
    private static List<ScenarioItem> Items(Node? list, string what)
    {
        if (list is null) return [];
        var items = new List<ScenarioItem>();
        foreach (var entry in list.AsList())
        {
            if (what == "fault")
            {
                items.Add(new ScenarioItem(items.Count, "fault", entry, entry));
                continue;
            }
            if (entry.IsScalar)
            {
                items.Add(new ScenarioItem(items.Count, entry.AsString(), entry, entry));
                continue;
            }
            var map = entry.AsMap();
            if (map.Entries.Count != 1)
                throw entry.Error($"each {what} is a map with exactly one key naming its kind (e.g. '- wait: 30m'); {entry.Path} has {map.Entries.Count}.");
            var (kind, _, args) = map.Entries[0];
            items.Add(new ScenarioItem(items.Count, kind, args, entry));
        }
        return items;
    }

    private static string Clean(string reason)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ..) - (Line: ..): "; the location is reported separately.
        var i = reason.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 ? reason[(i + 3)..] : reason;
    }
}
