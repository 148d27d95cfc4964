using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Failback.Scenarios.Language;

/// <summary>
/// Reads a scenario file into <see cref="Scenario"/>: YAML syntax, the top-level fields, the shape of
/// steps, faults and expectations (each a one-key map naming its kind) and the covered rule IDs.
/// The arguments of each item are checked when the runner binds them, before anything runs.
/// </summary>
public static class ScenarioParser
{
    public static readonly string[] TopLevel = ["title", "description", "seed", "durations", "topology", "steps", "faults", "expect", "covers"];

    /// <summary>A scenario file is at most this large (the library's largest is 4 KiB; topologies grow by <c>generate:</c> counts).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Maps and lists nest at most this deep (the language needs 6); deeper input is refused before it is built, not recursed into.</summary>
    public const int MaxDepth = 64;

    public static Scenario ParseFile(string path, IReadOnlySet<string> knownRules)
    {
        if (Directory.Exists(path)) throw new ScenarioError(path, 1, 1, "is a folder, not a scenario file.");
        if (!File.Exists(path)) throw new ScenarioError(path, 1, 1, "no such scenario file.");
        try
        {
            // A FIFO, a device or a /proc file reports length 0: opening or reading one could hang or never end.
            var length = new FileInfo(path).Length;
            if (length == 0) throw new ScenarioError(path, 1, 1, "the file is empty (or not a regular file).");
            if (length > MaxFileBytes) throw new ScenarioError(path, 1, 1, $"the file is {length} bytes; a scenario file is at most {MaxFileBytes} bytes.");
            return Parse(path, File.ReadAllText(path), knownRules);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioError(path, 1, 1, $"cannot read the file: {e.Message}");
        }
    }

    public static Scenario Parse(string file, string text, IReadOnlySet<string> knownRules)
    {
        if (text.Length > MaxFileBytes) throw new ScenarioError(file, 1, 1, $"the scenario is {text.Length} characters; a scenario is at most {MaxFileBytes}.");
        CheckShape(file, text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw SyntaxError(file, e);
        }
        catch (ArgumentException e)
        {
            // Events the shape check passed that the library cannot build a document from (fuzzing found one): still the input's.
            throw new ScenarioError(file, 1, 1, $"YAML the parser cannot build a document from ({Clean(e.Message)}); look for an empty key ('- : value') or a stray character.");
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
            steps, Items(root.Optional("faults"), "fault"), Items(root.Optional("expect"), "expectation"), covers)
        { Durations = root.Optional("durations") };
    }

    /// <summary>
    /// A list whose entries are one-key maps (<c>- reprotect: {...}</c>) or bare words (<c>- commit-all</c>);
    /// a fault entry is a plain map and takes "fault" as its kind.
    /// </summary>
    /// <summary>The steps of a list inside a step (a <c>parallel</c> step's), parsed as the scenario's own steps are.</summary>
    public static IReadOnlyList<ScenarioItem> Steps(Node list) => Items(list, "step");

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

    /// <summary>
    /// Reads the YAML's events (the parser keeps its own stack, so nothing recurses) and refuses what building the
    /// document would choke on: nesting deeper than <see cref="MaxDepth"/>, and aliases (a few lines of aliases
    /// name billions of nodes). Any failure of the YAML library becomes a located error.
    /// </summary>
    private static void CheckShape(string file, string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        Mark where = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                where = e.Start;
                switch (e)
                {
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        throw new ScenarioError(file, (int)e.Start.Line, (int)e.Start.Column, $"maps and lists nest more than {MaxDepth} deep; a scenario needs far fewer levels.");
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias:
                        throw new ScenarioError(file, (int)e.Start.Line, (int)e.Start.Column, "YAML aliases (*name) are not supported; write the value out.");
                }
            }
        }
        catch (YamlException e)
        {
            throw SyntaxError(file, e);
        }
        catch (Exception e) when (e is not ScenarioError and not OutOfMemoryException)
        {
            // The YAML library failed in a way it does not report as a YamlException (an InvalidOperationException for a
            // flow list left open across lines): still the input's fault, located where the parser stopped.
            throw new ScenarioError(file, Math.Max(1, (int)where.Line), Math.Max(1, (int)where.Column),
                $"YAML syntax error: the parser stopped here; is a flow list '[' or map '{{' left open? ({Clean(e.Message)})");
        }
    }

    private static ScenarioError SyntaxError(string file, YamlException e) =>
        new(file, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column), $"YAML syntax error: {Clean(e.InnerException?.Message ?? e.Message)}");

    private static string Clean(string reason)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ..) - (Line: ..): "; the location is reported separately.
        var i = reason.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 ? reason[(i + 3)..] : reason;
    }
}
