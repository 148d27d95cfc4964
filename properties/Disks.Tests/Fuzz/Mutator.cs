using System.Buffers.Binary;
using System.Text;

namespace Failback.Disks.Tests.Fuzz;

/// <summary>
/// Seeded mutations of an image's files, weighted toward the metadata where parsers go wrong: header fields
/// set to edge values, flipped bytes, truncation, and descriptor text edits (huge numbers, lost or doubled
/// lines, a parent hint naming the link itself). VHD footers and headers get their checksum recomputed half
/// the time, so the fields behind the checksum are reached too.
/// </summary>
internal static class Mutator
{
    private static readonly ulong[] EdgeValues =
    [
        0, 1, 2, 0x7f, 0x80, 0xff, 0x1ff, 0x200, 0xfff, 0x1000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff,
        0x1_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff,
    ];

    /// <summary>Applies one to three mutations to the copy in <paramref name="dir"/>; returns what was done, for the failure message.</summary>
    public static string Mutate(string dir, Random random)
    {
        var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray();
        var done = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var file = files[random.Next(files.Length)];
            done.Add($"{Path.GetFileName(file)}: {MutateFile(file, files, random)}");
        }
        return string.Join("; ", done);
    }

    private static string MutateFile(string file, string[] all, Random random)
    {
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length == 0) return "empty, left";
        if (IsText(bytes) && random.Next(4) != 0) return MutateText(file, bytes, all, random);
        var vhdTail = bytes.Length >= 512 && bytes.AsSpan(bytes.Length - 512, 8).SequenceEqual("conectix"u8);
        var metadata = (int)Math.Min(bytes.Length, 64 * 1024);
        string what;
        switch (random.Next(10))
        {
            case 0 or 1 or 2:
            {
                var at = random.Next(random.Next(2) == 0 ? Math.Min(metadata, 2048) : metadata);
                bytes[at] ^= (byte)(1 << random.Next(8));
                what = $"bit flip at {at}";
                break;
            }
            case 3 or 4 or 5:
            {
                // An aligned 4- or 8-byte field in the header area, or in a VHD's footer.
                var width = random.Next(2) == 0 ? 4 : 8;
                var area = vhdTail && random.Next(2) == 0 ? bytes.Length - 512 : 0;
                var span = Math.Min(bytes.Length - area, area == 0 ? 2048 : 512) - width;
                if (span <= 0) return "too short for a field";
                var at = area + random.Next(span / 4 + 1) * 4;
                var value = EdgeValues[random.Next(EdgeValues.Length)];
                var bigEndian = vhdTail || bytes.AsSpan(0, Math.Min(8, bytes.Length)).SequenceEqual("conectix"u8);
                if (width == 4 && bigEndian) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)value);
                else if (width == 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)value);
                else if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at), value);
                else BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
                what = $"{width}-byte field at {at} = 0x{value:x}";
                break;
            }
            case 6:
            {
                var length = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 4096)) : random.Next(bytes.Length);
                File.WriteAllBytes(file, bytes[..length]);
                return $"truncated to {length}";
            }
            default:
            {
                var at = random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(256);
                what = $"random byte at {at}";
                break;
            }
        }
        if (random.Next(2) == 0) FixVhdChecksums(bytes);
        File.WriteAllBytes(file, bytes);
        return what;
    }

    private static bool IsText(byte[] bytes) =>
        bytes.Length < 64 * 1024 && bytes.AsSpan(0, Math.Min(bytes.Length, 256)).IndexOfAnyInRange((byte)0, (byte)8) < 0 && bytes[0] == (byte)'#';

    private static string MutateText(string file, byte[] bytes, string[] all, Random random)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        var i = random.Next(lines.Count);
        string what;
        switch (random.Next(7))
        {
            case 0:
                lines[i] = Digits().Replace(lines[i], random.Next(2) == 0 ? "99999999999999999999" : "4294967296", 1);
                what = $"line {i} number made huge";
                break;
            case 1:
                lines.RemoveAt(i);
                what = $"line {i} removed";
                break;
            case 2:
                lines.Insert(i, lines[i]);
                what = $"line {i} doubled";
                break;
            case 3:
            {
                // A parent link to itself or to another file of the folder: cycles and damaged links.
                var target = random.Next(2) == 0 ? Path.GetFileName(file) : Path.GetFileName(all[random.Next(all.Length)]);
                lines.RemoveAll(l => l.StartsWith("parentFileNameHint", StringComparison.Ordinal) || l.StartsWith("parentCID", StringComparison.Ordinal));
                var cid = lines.FirstOrDefault(l => l.StartsWith("CID=", StringComparison.Ordinal))?[4..] ?? "00000000";
                lines.Insert(Math.Min(3, lines.Count), $"parentCID={cid}");
                lines.Insert(Math.Min(4, lines.Count), $"parentFileNameHint=\"{target}\"");
                what = $"parent link to {target}";
                break;
            }
            case 4:
                lines[i] = lines[i].Replace("\"", "", StringComparison.Ordinal) + "\0\u001b[2J";
                what = $"line {i} unquoted with control bytes";
                break;
            case 5:
                lines.Insert(i, random.Next(2) == 0 ? "RW -5 VMFS \"x.vmdk\"" : "RW 8 FLAT \"/etc/passwd\" 0");
                what = $"odd extent line at {i}";
                break;
            default:
            {
                var l = lines[i];
                if (l.Length > 0) lines[i] = l.Remove(random.Next(l.Length), 1);
                what = $"line {i} lost a character";
                break;
            }
        }
        File.WriteAllText(file, string.Join('\n', lines));
        return what;
    }

    /// <summary>Recomputes the footer, footer copy and dynamic header checksums wherever their cookies sit.</summary>
    private static void FixVhdChecksums(byte[] b)
    {
        if (b.Length >= 512 && b.AsSpan(b.Length - 512, 8).SequenceEqual("conectix"u8)) Sum(b.AsSpan(b.Length - 512, 512), 64);
        if (b.Length >= 512 && b.AsSpan(0, 8).SequenceEqual("conectix"u8)) Sum(b.AsSpan(0, 512), 64);
        if (b.Length >= 1536 && b.AsSpan(512, 8).SequenceEqual("cxsparse"u8)) Sum(b.AsSpan(512, 1024), 36);
    }

    private static void Sum(Span<byte> b, int at)
    {
        uint sum = 0;
        for (var i = 0; i < b.Length; i++)
            if (i < at || i >= at + 4) sum += b[i];
        BinaryPrimitives.WriteUInt32BigEndian(b[at..], ~sum);
    }

    private static readonly System.Text.RegularExpressions.Regex DigitRun = new(@"\d+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static System.Text.RegularExpressions.Regex Digits() => DigitRun;
}
