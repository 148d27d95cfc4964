using System.Globalization;
using System.Text.RegularExpressions;

namespace Failback.Scenarios.Language;

/// <summary>The units scenarios are written in: durations (90s, 30m, 1h30m, 2d), sizes (64MiB), rates (1MiB/s, 100Mbps).</summary>
public static partial class Quantities
{
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var parts = DurationPart().Matches(text.Trim());
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text.Trim()) return false;
        foreach (Match part in parts)
        {
            var n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => throw new InvalidOperationException(),
            };
        }
        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var m = Size().Match(text.Trim());
        if (!m.Success) return false;
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups[2].Value;
        double factor = unit switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10, "MiB" => 1L << 20, "GiB" => 1L << 30, "TiB" => 1L << 40,
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
            _ => 0,
        };
        if (factor == 0) return false;
        bytes = (long)Math.Round(n * factor);
        return true;
    }

    /// <summary>Bytes per second from "1MiB/s", "10MB/s", "100Mbps" or "1Gbps".</summary>
    public static bool TryParseRate(string text, out double bytesPerSecond)
    {
        bytesPerSecond = 0;
        var t = text.Trim();
        var m = BitRate().Match(t);
        if (m.Success)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            bytesPerSecond = n * (m.Groups[2].Value switch { "K" => 1e3, "M" => 1e6, "G" => 1e9, _ => 1 }) / 8;
            return true;
        }
        if (!t.EndsWith("/s", StringComparison.Ordinal) || !TryParseSize(t[..^2], out var bytes)) return false;
        bytesPerSecond = bytes;
        return true;
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
        _ => $"{bytes}B",
    };

    /// <summary>A duration as scenarios write it: 1h30m, 90s, 2d.</summary>
    public static string FormatDuration(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (d.Days > 0) parts.Add($"{d.Days}d");
        if (d.Hours > 0) parts.Add($"{d.Hours}h");
        if (d.Minutes > 0) parts.Add($"{d.Minutes}m");
        if (d.Seconds > 0) parts.Add($"{d.Seconds}s");
        if (d.Milliseconds > 0) parts.Add($"{d.Milliseconds}ms");
        // Less than a millisecond shows as 0s rather than nothing.
        return parts.Count == 0 ? "0s" : string.Concat(parts);
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$")]
    private static partial Regex Size();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([KMG]?)bps$")]
    private static partial Regex BitRate();
}
