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

    /// <summary>A descriptor file larger than this is not a descriptor (qemu reads at most 1 MiB of one).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads a descriptor file, refusing one too large to be a descriptor before reading it whole.</summary>
    public static VmdkDescriptor Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new BadImageException(path, "the descriptor file's size", length, $"a VMDK descriptor is a small text file of at most {MaxFileBytes} bytes");
        return Parse(File.ReadAllText(path), path);
    }

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
        uint? cid = null, parentCid = null;
        string? createType = null, hint = null;
        var extents = new List<VmdkExtentLine>();
        var ddb = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0L;
        // The descriptor is text and ends at its first NUL: an embedded one is padded with zeros to its area, and
        // qemu reads it as a C string, so what follows a NUL is not part of the descriptor for either of us.
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        foreach (var raw in (nul < 0 ? text : text[..nul]).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var extent = ExtentLine().Match(line);
            if (extent.Success)
            {
                var sectors = Number(extent.Groups[2].Value, "extent size (sectors)", source);
                var offset = extent.Groups[5].Success ? Number(extent.Groups[5].Value, "extent offset (sectors)", source) : 0;
                extents.Add(new VmdkExtentLine(extent.Groups[1].Value, sectors, extent.Groups[3].Value, extent.Groups[4].Value, offset));
                total += sectors;
                BadImageException.Require(total <= FormatLimits.MaxReadableSectors, source, "the extents' total size (sectors)", total,
                    $"no disk read here may exceed {FormatLimits.MaxReadableSectors} sectors ({Sizes.Format(FormatLimits.MaxReadableBytes)})");
                continue;
            }
            // Lines that are neither an extent nor key=value are skipped, as qemu skips them.
            var eq = line.IndexOf('=');
            if (eq < 0) continue;
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
        if (createType is null) throw new BadImageException(source, "the descriptor's createType", "missing", "every VMDK descriptor names its createType");
        if (extents.Count == 0) throw new BadImageException(source, "the descriptor's extent list", "empty", "a VMDK descriptor lists at least one extent");
        return new VmdkDescriptor
        {
            Text = text,
            Cid = cid ?? throw new BadImageException(source, "the descriptor's CID", "missing", "every VMDK descriptor has a CID line"),
            // Mandatory like CID (Virtual Disk Format 1.1's header): "no parent" is written ffffffff, never left out,
            // and qemu refuses a descriptor without it (EINVAL), the link and any child opened over it alike.
            ParentCid = parentCid ?? throw new BadImageException(source, "the descriptor's parentCID", "missing",
                "every VMDK descriptor has a parentCID line (ffffffff when the disk has no parent)"),
            CreateType = createType,
            ParentFileNameHint = hint,
            Extents = extents,
            Ddb = ddb,
        };
    }

    /// <summary>A sector count or offset: digits only, at most the largest disk any image may claim.</summary>
    private static long Number(string digits, string field, string source) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= FormatLimits.MaxReadableSectors
            ? n
            : throw new BadImageException(source, field, digits.Length > 24 ? digits[..24] + "..." : digits,
                $"it must be at most {FormatLimits.MaxReadableSectors} ({Sizes.Format(FormatLimits.MaxReadableBytes)})");

    private static uint ParseHex(string value, string key, string source) =>
        uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new BadImageException(source, $"the descriptor's {key}", $"'{Shorten(value)}'", "it must be a 32-bit hex number like fffffffe");

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

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
