using System.Globalization;
using System.Text.RegularExpressions;

namespace Failback.Scenarios.Language;

/// <summary>The units scenarios are written in: durations (90s, 30m, 1h30m, 2d), sizes (64MiB), rates (1MiB/s, 100Mbps).</summary>
public static partial class Quantities
{
    /// <summary>The longest duration a scenario takes (a run is aborted at 30 virtual days anyway).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>The largest size a scenario takes: 64TiB, a VMFS datastore's maximum (a VMDK's is 62TiB).</summary>
    public const long MaxSize = 64L << 40;

    /// <summary>
    /// The fastest rate a scenario takes: 100 MB/s, five times Azure Site Recovery's documented limit of
    /// 20 MB/s of data change per replicated disk (premium storage), so every churn ASR supports fits with room.
    /// </summary>
    public const double MaxRate = 100e6;

    /// <summary>True when <paramref name="text"/> is a duration no longer than <see cref="MaxDuration"/>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (DurationSeconds(text) is not { } seconds || seconds > MaxDuration.TotalSeconds) return false;
        foreach (Match part in DurationPart().Matches(text.Trim()))
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

    /// <summary>The duration in seconds, as a double so that no spelling overflows; null when the text is not a duration.</summary>
    public static double? DurationSeconds(string text)
    {
        var parts = DurationPart().Matches(text.Trim());
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text.Trim()) return null;
        var seconds = 0.0;
        foreach (Match part in parts)
            seconds += double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture) * part.Groups[2].Value switch
            {
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86400,
            };
        return seconds;
    }

    /// <summary>True when <paramref name="text"/> is a size of at most <see cref="MaxSize"/>.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (SizeBytes(text) is not { } n || n > MaxSize) return false;
        bytes = (long)Math.Round(n);
        return true;
    }

    /// <summary>The size in bytes, as a double so that no spelling overflows; null when the text is not a size.</summary>
    public static double? SizeBytes(string text)
    {
        var m = Size().Match(text.Trim());
        if (!m.Success) return null;
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        double factor = m.Groups[2].Value switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10, "MiB" => 1L << 20, "GiB" => 1L << 30, "TiB" => 1L << 40,
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, _ => 1e12,
        };
        return n * factor;
    }

    /// <summary>True when <paramref name="text"/> is a rate of at most <see cref="MaxRate"/>.</summary>
    public static bool TryParseRate(string text, out double bytesPerSecond)
    {
        bytesPerSecond = RateBytesPerSecond(text) ?? 0;
        return RateBytesPerSecond(text) is { } r && r <= MaxRate;
    }

    /// <summary>Bytes per second from "1MiB/s", "10MB/s", "100Mbps" or "1Gbps"; null when the text is not a rate.</summary>
    public static double? RateBytesPerSecond(string text)
    {
        var t = text.Trim();
        var m = BitRate().Match(t);
        if (m.Success)
            return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * (m.Groups[2].Value switch { "K" => 1e3, "M" => 1e6, "G" => 1e9, _ => 1 }) / 8;
        if (!t.EndsWith("/s", StringComparison.Ordinal) || SizeBytes(t[..^2]) is not { } bytes) return null;
        // As before the bounds: a rate in bytes is a whole number of bytes per second.
        return Math.Round(bytes);
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
