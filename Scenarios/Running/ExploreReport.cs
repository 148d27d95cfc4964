using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Failback.Scenarios.Running;

/// <summary>A seed whose run broke an invariant (or did not end), and why.</summary>
public sealed record ExploreFailure(ulong Seed, string Why);

/// <summary>
/// The result of exploring one scenario over a range of seeds, or over shard K of N of that range. Shards of
/// one campaign merge into the report a single run over the whole range gives (<see cref="Merge"/>).
/// </summary>
public sealed record ExploreReport(string File, ulong First, ulong Last, bool RandomFaults, Shard Shard, long Seeds, IReadOnlyList<ExploreFailure> Failures)
{
    public string Replay(ulong seed) => $"./drill replay {File} --seed {seed}{(RandomFaults ? " --faults random" : "")}";

    /// <summary>Compact JSON, one line: what <c>explore --json</c> prints and <c>explore merge</c> reads.</summary>
    public string Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("file", File);
            w.WriteString("range", $"{First}..{Last}");
            w.WriteString("faults", RandomFaults ? "random" : "none");
            if (Shard.Count > 1) w.WriteString("shard", Shard.ToString());
            w.WriteNumber("seeds", Seeds);
            w.WriteStartArray("failures");
            foreach (var f in Failures)
            {
                w.WriteStartObject();
                w.WriteNumber("seed", f.Seed);
                w.WriteString("why", f.Why);
                w.WriteString("replay", Replay(f.Seed));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>One test suite for the campaign, one test case per seed explored.</summary>
    public string JUnit()
    {
        var failed = Failures.ToDictionary(f => f.Seed, f => f.Why);
        var cases = Shard.Seeds(First, Last).Select(seed => failed.TryGetValue(seed, out var why)
            ? new JUnitCase(File, $"seed {seed}", TimeSpan.Zero, "invariant", why, $"replay: {Replay(seed)}")
            : new JUnitCase(File, $"seed {seed}", TimeSpan.Zero)).ToList();
        var name = $"{File}: explore seeds {First}..{Last}{(RandomFaults ? " with random faults" : "")}{(Shard.Count > 1 ? $", shard {Shard}" : "")}";
        return JUnitWriter.Write([new JUnitSuite(name, File, TimeSpan.Zero, [("seeds", $"{First}..{Last}"), ("faults", RandomFaults ? "random" : "none")], cases)]);
    }

    /// <summary>Reads a report <see cref="Json"/> wrote; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ExploreReport Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var range = Text(root, "range").Split("..");
            if (range.Length != 2) throw new FormatException($"'range' is '{Text(root, "range")}', not A..B.");
            var faults = Text(root, "faults") switch
            {
                "random" => true,
                "none" => false,
                var other => throw new FormatException($"'faults' is '{other}', not random or none."),
            };
            var shard = root.TryGetProperty("shard", out var s) ? Shard.Parse(s.GetString() ?? "") : Shard.Whole;
            var failures = root.GetProperty("failures").EnumerateArray()
                .Select(f => new ExploreFailure(f.GetProperty("seed").GetUInt64(), Text(f, "why"))).ToList();
            return new ExploreReport(Text(root, "file"), ulong.Parse(range[0], CultureInfo.InvariantCulture), ulong.Parse(range[1], CultureInfo.InvariantCulture),
                faults, shard, root.GetProperty("seeds").GetInt64(), failures);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>
    /// The shards of one campaign (same file, range and faults; shards 0 to N-1 of one N, each once) as the report of
    /// one run over the whole range; throws <see cref="FormatException"/> naming what does not fit.
    /// </summary>
    public static ExploreReport Merge(IReadOnlyList<ExploreReport> shards)
    {
        if (shards.Count == 0) throw new FormatException("no shard reports to merge.");
        var first = shards[0];
        foreach (var s in shards)
        {
            if (s.File != first.File || s.First != first.First || s.Last != first.Last || s.RandomFaults != first.RandomFaults)
                throw new FormatException($"shard {s.Shard} explored {s.File} seeds {s.First}..{s.Last} (faults {(s.RandomFaults ? "random" : "none")}), shard {first.Shard} {first.File} seeds {first.First}..{first.Last} (faults {(first.RandomFaults ? "random" : "none")}): not one campaign.");
            if (s.Shard.Count != first.Shard.Count) throw new FormatException($"shards {first.Shard} and {s.Shard} split the seeds differently.");
            if (s.Seeds != s.Shard.Seeds(s.First, s.Last).LongCount()) throw new FormatException($"shard {s.Shard} explored {s.Seeds} seeds, not the {s.Shard.Seeds(s.First, s.Last).LongCount()} it holds.");
            if (s.Failures.Any(f => !s.Shard.Holds(f.Seed - s.First))) throw new FormatException($"shard {s.Shard} reports a seed outside it.");
        }
        var indexes = shards.Select(s => s.Shard.Index).Order().ToList();
        if (!indexes.SequenceEqual(Enumerable.Range(0, first.Shard.Count)))
        {
            var missing = Enumerable.Range(0, first.Shard.Count).Except(indexes).Select(i => $"{i}/{first.Shard.Count}");
            var twice = indexes.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => $"{g.Key}/{first.Shard.Count}");
            throw new FormatException($"the shards do not cover the campaign once: missing {string.Join(", ", missing.DefaultIfEmpty("none"))}; given twice {string.Join(", ", twice.DefaultIfEmpty("none"))}.");
        }
        return first with
        {
            Shard = Shard.Whole,
            Seeds = shards.Sum(s => s.Seeds),
            Failures = [.. shards.SelectMany(s => s.Failures).OrderBy(f => f.Seed)],
        };
    }

    private static string Text(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");
}
