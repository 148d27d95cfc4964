using System.Globalization;

namespace Failback.Simulators.Disks;

/// <summary>Byte sizes written the way people write them: <c>64MiB</c>, <c>100GiB</c>, <c>512</c>.</summary>
public static class Sizes
{
    public const long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;

    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", TiB), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB),
        ("T", TiB), ("G", GiB), ("M", MiB), ("K", KiB), ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var t = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                t = t[..^suffix.Length];
                factor = f;
                break;
            }
        }
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / factor) return false;
        bytes = n * factor;
        return true;
    }

    public static long Parse(string text) =>
        TryParse(text, out var bytes) ? bytes : throw new FormatException($"'{text}' is not a size; write it like 64MiB, 100GiB or 1048576.");

    /// <summary>The shortest exact spelling: 64MiB, 1GiB, 1536KiB, 1000.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, f) in Units.Take(4))
            if (bytes != 0 && bytes % f == 0) return $"{bytes / f}{suffix}";
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
