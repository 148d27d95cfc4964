namespace Failback.Scenarios.World;

/// <summary>One guest write as the drill saw it, numbered within its epoch; <see cref="ViaLeg"/> names the replication leg it went through.</summary>
public sealed record EpochWrite(int Number, DateTimeOffset Time, int Disk, long Offset, byte[] Data, object? ViaLeg);

/// <summary>
/// The ground truth of one machine's disks for one epoch: their content when the epoch began and every
/// guest write since, so the content after any prefix of writes can be rebuilt. An epoch begins when the
/// machine starts (or the drill first writes) and again after each failover, from the recovered disks
/// once they were checked against the previous epoch at the recovery point.
/// </summary>
public sealed class MachineTruth
{
    private readonly Dictionary<int, byte[]> _initial = [];
    private readonly List<EpochWrite> _writes = [];

    public IReadOnlyList<EpochWrite> Writes => _writes;
    public IEnumerable<int> Disks => _initial.Keys.Order();
    public bool Records(int disk) => _initial.ContainsKey(disk);

    public void Begin(int disk, byte[] content) => _initial.Add(disk, content);

    public EpochWrite Add(DateTimeOffset time, int disk, long offset, byte[] data, object? leg)
    {
        var write = new EpochWrite(_writes.Count + 1, time, disk, offset, data, leg);
        _writes.Add(write);
        return write;
    }

    /// <summary>The disk's content after the first <paramref name="writes"/> writes of the epoch.</summary>
    public byte[] ContentAfter(int disk, int writes)
    {
        var content = (byte[])_initial[disk].Clone();
        for (var i = 0; i < writes && i < _writes.Count; i++)
            if (_writes[i].Disk == disk) _writes[i].Data.CopyTo(content.AsSpan((int)_writes[i].Offset));
        return content;
    }

    /// <summary>The first byte where <paramref name="actual"/> differs from <paramref name="expected"/>, or null when equal.</summary>
    public static long? FirstDifference(byte[] expected, byte[] actual)
    {
        if (expected.Length != actual.Length) return Math.Min(expected.Length, actual.Length);
        var at = expected.AsSpan().CommonPrefixLength(actual);
        return at == expected.Length ? null : at;
    }
}
