using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>
/// The text descriptor of a VMDK (a file of its own, or embedded in a KDMV sparse extent). Parsed
/// leniently, the way qemu does; rewritten only by replacing the CID line so foreign lines survive.
/// </summary>
internal sealed partial class VmdkDescriptor
{
    public const uint NoParent = 0xffffffff;

    public required string Text { get; init; }
    public required uint Cid { get; init; }
    public required uint ParentCid { get; init; }
    public required string CreateType { get; init; }
    public string? ParentFileNameHint { get; init; }
    public required IReadOnlyList<VmdkExtentLine> Extents { get; init; }
    public required IReadOnlyDictionary<string, string> Ddb { get; init; }

    public long CapacitySectors => Extents.Sum(e => e.Sectors);

    /// <summary>Whether a buffer starts like a descriptor (comment lines, then <c>version=N</c>), as qemu probes it.</summary>
    public static bool LooksLikeDescriptor(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            return VersionLine().IsMatch(line);
        }
        return false;
    }

    public static VmdkDescriptor Parse(string text, string source)
    {
        uint? cid = null;
        var parentCid = NoParent;
        string? createType = null, hint = null;
        var extents = new List<VmdkExtentLine>();
        var ddb = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimEnd('\0');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var extent = ExtentLine().Match(line);
            if (extent.Success)
            {
                extents.Add(new VmdkExtentLine(extent.Groups[1].Value, long.Parse(extent.Groups[2].Value, CultureInfo.InvariantCulture),
                    extent.Groups[3].Value, extent.Groups[4].Value,
                    extent.Groups[5].Success ? long.Parse(extent.Groups[5].Value, CultureInfo.InvariantCulture) : 0));
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq < 0) throw new InvalidDataException($"{source}: descriptor line '{line}' is neither 'key=value' nor an extent line.");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim().Trim('"');
            switch (key)
            {
                case "CID": cid = ParseHex(value, key, source); break;
                case "parentCID": parentCid = ParseHex(value, key, source); break;
                case "createType": createType = value; break;
                case "parentFileNameHint": hint = value; break;
                default:
                    if (key.StartsWith("ddb.", StringComparison.Ordinal)) ddb[key] = value;
                    break;
            }
        }
        if (createType is null) throw new InvalidDataException($"{source}: the descriptor has no createType line.");
        if (extents.Count == 0) throw new InvalidDataException($"{source}: the descriptor lists no extent.");
        return new VmdkDescriptor
        {
            Text = text,
            Cid = cid ?? throw new InvalidDataException($"{source}: the descriptor has no CID line."),
            ParentCid = parentCid,
            CreateType = createType,
            ParentFileNameHint = hint,
            Extents = extents,
            Ddb = ddb,
        };
    }

    private static uint ParseHex(string value, string key, string source) =>
        uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InvalidDataException($"{source}: {key}={value} is not a 32-bit hex number.");

    /// <summary>The same descriptor with a new content id (what a first write after open does).</summary>
    public string WithCid(uint cid) => CidLine().Replace(Text, $"CID={cid:x8}", 1);

    /// <summary>Writes an ESXi-style descriptor as vSphere lays it out.</summary>
    public static string Compose(uint cid, uint parentCid, string createType, string? parentFileNameHint,
        IEnumerable<VmdkExtentLine> extents, IEnumerable<(string Key, string Value)> ddb)
    {
        var sb = new StringBuilder();
        sb.Append("# Disk DescriptorFile\n");
        sb.Append("version=1\n");
        sb.Append("encoding=\"UTF-8\"\n");
        sb.Append(CultureInfo.InvariantCulture, $"CID={cid:x8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"parentCID={parentCid:x8}\n");
        sb.Append(CultureInfo.InvariantCulture, $"createType=\"{createType}\"\n");
        if (parentFileNameHint is not null) sb.Append(CultureInfo.InvariantCulture, $"parentFileNameHint=\"{parentFileNameHint}\"\n");
        sb.Append("\n# Extent description\n");
        foreach (var e in extents) sb.Append(e).Append('\n');
        sb.Append("\n# The Disk Data Base\n#DDB\n\n");
        foreach (var (key, value) in ddb) sb.Append(CultureInfo.InvariantCulture, $"{key} = \"{value}\"\n");
        return sb.ToString();
    }

    [GeneratedRegex(@"^version=\d+$")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^(RW|RDONLY|NOACCESS)\s+(\d+)\s+(\w+)\s+""([^""]*)""(?:\s+(\d+))?")]
    private static partial Regex ExtentLine();

    [GeneratedRegex(@"(?m)^CID=[0-9a-fA-F]+")]
    private static partial Regex CidLine();
}
