using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Failback.Scenarios.Language;

/// <summary>
/// A YAML node that remembers where it came from, so every complaint about a scenario names the
/// file, line and column of the offending value.
/// </summary>
public sealed class Node
{
    private readonly YamlNode _yaml;

    public Node(string file, YamlNode yaml, string path)
    {
        File = file;
        _yaml = yaml;
        Path = path;
    }

    public string File { get; }
    /// <summary>Where in the document, e.g. <c>steps[3].reprotect.datastore</c>.</summary>
    public string Path { get; }
    public int Line => (int)_yaml.Start.Line;
    public int Column => (int)_yaml.Start.Column;

    public ScenarioError Error(string message) => new(File, Line, Column, message);

    public bool IsMap => _yaml is YamlMappingNode;
    public bool IsList => _yaml is YamlSequenceNode;
    public bool IsScalar => _yaml is YamlScalarNode;

    public string AsString()
    {
        if (_yaml is YamlScalarNode { Value: { } v }) return v;
        throw Error($"{Path} must be a single value, not {Describe()}.");
    }

    public long AsLong()
    {
        var text = AsString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v : throw Error($"{Path} must be a whole number, not '{text}'.");
    }

    public ulong AsUInt64()
    {
        var text = AsString();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw Error($"{Path} must be a non-negative whole number, not '{text}'.");
    }

    public int AsInt(int min = int.MinValue, int max = int.MaxValue)
    {
        var v = AsLong();
        return v >= min && v <= max ? (int)v : throw Error($"{Path} must be between {min} and {max}, not {v}.");
    }

    public double AsDouble()
    {
        var text = AsString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw Error($"{Path} must be a number, not '{text}'.");
    }

    public double AsProbability()
    {
        var v = AsDouble();
        return v is >= 0 and <= 1 ? v : throw Error($"{Path} must be a probability between 0 and 1, not {v}.");
    }

    public bool AsBool()
    {
        var text = AsString();
        return text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error($"{Path} must be true or false, not '{text}'."),
        };
    }

    public TimeSpan AsDuration()
    {
        var text = AsString();
        if (Quantities.DurationSeconds(text) is not { } seconds)
            throw Error($"{Path} must be a duration such as 90s, 30m, 1h30m or 2d, not '{text}'.");
        return Quantities.TryParseDuration(text, out var d)
            ? d : throw Error($"{Path} '{text}' ({seconds.ToString("g3", CultureInfo.InvariantCulture)}s) is longer than {Quantities.FormatDuration(Quantities.MaxDuration)}, the longest duration a scenario takes.");
    }

    public long AsSize()
    {
        var text = AsString();
        if (Quantities.SizeBytes(text) is not { } bytes)
            throw Error($"{Path} must be a size such as 4KiB, 64MiB or 1GiB, not '{text}'.");
        return Quantities.TryParseSize(text, out var b)
            ? b : throw Error($"{Path} '{text}' ({bytes.ToString("g3", CultureInfo.InvariantCulture)} bytes) is larger than 64TiB (a VMFS datastore's maximum), the largest size a scenario takes.");
    }

    public double AsRate()
    {
        var text = AsString();
        if (Quantities.RateBytesPerSecond(text) is not { } rate || rate <= 0)
            throw Error($"{Path} must be a rate such as 1MiB/s or 100Mbps, not '{text}'.");
        return Quantities.TryParseRate(text, out var r)
            ? r : throw Error($"{Path} '{text}' ({rate.ToString("g3", CultureInfo.InvariantCulture)} bytes/s) is faster than 100MB/s, the fastest rate a scenario takes (5 x Azure Site Recovery's 20 MB/s per disk).");
    }

    public T AsEnum<T>(params (string Name, T Value)[] choices)
    {
        var text = AsString();
        foreach (var (name, value) in choices)
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return value;
        throw Error($"{Path} must be one of {string.Join(", ", choices.Select(c => c.Name))}, not '{text}'.");
    }

    /// <summary>A path relative to the scenario's folder; paths that leave the folder are refused.</summary>
    public string AsPathInside(string folder)
    {
        var text = AsString();
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, text));
        var root = System.IO.Path.GetFullPath(folder).TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full : throw Error($"{Path} '{text}' is outside the scenario's folder; use a path inside {folder}.");
    }

    public IReadOnlyList<Node> AsList()
    {
        if (_yaml is YamlSequenceNode seq)
            return seq.Children.Select((c, i) => new Node(File, c, $"{Path}[{i}]")).ToList();
        throw Error($"{Path} must be a list, not {Describe()}.");
    }

    /// <summary>A list, or a single value taken as a list of one.</summary>
    public IReadOnlyList<Node> AsListOrOne() => IsList ? AsList() : [this];

    /// <summary>The map's entries, checking every key is one of <paramref name="allowed"/> (if given).</summary>
    public MapNode AsMap(params string[] allowed)
    {
        if (_yaml is not YamlMappingNode map) throw Error($"{Path} must be a map of fields, not {Describe()}.");
        var entries = new List<(string Key, Node KeyNode, Node Value)>();
        foreach (var (k, v) in map.Children)
        {
            var keyNode = new Node(File, k, Path);
            var key = keyNode.AsString();
            if (allowed.Length > 0 && !allowed.Contains(key, StringComparer.Ordinal))
                throw keyNode.Error($"unknown field '{key}' in {Path}; expected one of: {string.Join(", ", allowed)}.");
            entries.Add((key, keyNode, new Node(File, v, Path.Length == 0 ? key : $"{Path}.{key}")));
        }
        return new MapNode(this, entries);
    }

    private string Describe() => _yaml switch
    {
        YamlMappingNode => "a map",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an empty value",
    };
}

/// <summary>A YAML map with positions; fields are read by name and missing required ones are reported where the map starts.</summary>
public sealed class MapNode(Node node, IReadOnlyList<(string Key, Node KeyNode, Node Value)> entries)
{
    public Node Node { get; } = node;
    public IReadOnlyList<(string Key, Node KeyNode, Node Value)> Entries { get; } = entries;

    public Node? Optional(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;

    public Node Required(string key) =>
        Optional(key) ?? throw Node.Error($"missing field '{key}' in {(Node.Path.Length == 0 ? "the scenario" : Node.Path)}.");

    public bool Has(string key) => Optional(key) is not null;
}
