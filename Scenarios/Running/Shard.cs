using System.Globalization;

namespace Failback.Scenarios.Running;

/// <summary>
/// Shard K of N (K from 0, as Kubernetes' JOB_COMPLETION_INDEX): the seeds whose offset in the range is K modulo N.
/// Interleaved rather than in blocks, so each shard gets a like share of slow and fast seeds.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(0, 1);

    /// <summary>At most this many shards (a campaign's machines).</summary>
    public const int MaxCount = 100_000;

    public bool Holds(ulong offset) => offset % (ulong)Count == (ulong)Index;

    public IEnumerable<ulong> Seeds(ulong first, ulong last)
    {
        for (var seed = first + (ulong)Index; seed <= last && seed >= first; seed += (ulong)Count) yield return seed;
    }

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>"K/N" with 0 &lt;= K &lt; N; throws <see cref="FormatException"/> otherwise.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is >= 1 and <= MaxCount && k < n)
            return new Shard(k, n);
        throw new FormatException($"a shard is K/N with 0 <= K < N <= {MaxCount} (K counts from 0), not '{text}'.");
    }
}
