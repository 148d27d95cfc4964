namespace Failback.Engine.Replication;

/// <summary>What a failover to a recovery point loses: the captured writes after it.</summary>
public sealed record DataLoss(long Writes, long Bytes, DateTimeOffset? FirstLostWrite, DateTimeOffset? LastLostWrite)
{
    public static readonly DataLoss None = new(0, 0, null, null);
}

/// <summary>
/// The sequence, time and size of every write the agent captured (no data), in order: enough to
/// say which writes a point loses and how far behind the target is. Entries no point in the retention window
/// and no RPO can ask about any more are forgotten (<see cref="ForgetThrough"/>), so hours of churn keep only
/// the window's writes.
/// </summary>
internal sealed class WriteLedger
{
    private readonly List<(long Sequence, DateTimeOffset Time, long Bytes)> _entries = [];
    /// <summary>Entries before this index are forgotten (dropped from the list in bulk, not one by one).</summary>
    private int _start;
    private long _forgottenThrough;

    public int Count => _entries.Count - _start;

    public void Add(long sequence, DateTimeOffset time, long bytes) => _entries.Add((sequence, time, bytes));

    /// <summary>Forgets the writes up to <paramref name="sequence"/>: nothing will ask about a point or an applied sequence before it.</summary>
    public void ForgetThrough(long sequence)
    {
        if (sequence <= _forgottenThrough) return;
        _forgottenThrough = sequence;
        _start = FirstAfter(sequence);
        if (_start >= 4096 && _start * 2 >= _entries.Count)
        {
            _entries.RemoveRange(0, _start);
            _start = 0;
        }
    }

    /// <summary>The capture time of the first write after <paramref name="sequence"/>, if any.</summary>
    public DateTimeOffset? FirstTimeAfter(long sequence)
    {
        var i = FirstAfter(sequence);
        return i < _entries.Count ? _entries[i].Time : null;
    }

    public DataLoss LossAfter(long sequence)
    {
        if (sequence < _forgottenThrough)
            throw new InvalidOperationException($"The write ledger no longer holds the writes after sequence {sequence}: it forgot those up to {_forgottenThrough}, before the retention window's oldest point.");
        var first = FirstAfter(sequence);
        if (first == _entries.Count) return DataLoss.None;
        long bytes = 0;
        for (var i = first; i < _entries.Count; i++) bytes += _entries[i].Bytes;
        return new DataLoss(_entries.Count - first, bytes, _entries[first].Time, _entries[^1].Time);
    }

    private int FirstAfter(long sequence)
    {
        int lo = _start, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Sequence <= sequence) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
