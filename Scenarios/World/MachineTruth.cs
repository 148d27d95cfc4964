using System.Buffers;
using Failback.Engine.Ports;

namespace Failback.Scenarios.World;

/// <summary>One guest write as the drill saw it, numbered within its epoch; <see cref="ViaLeg"/> names the replication leg it went through.</summary>
public sealed record EpochWrite(int Number, DateTimeOffset Time, int Disk, long Offset, byte[] Data, object? ViaLeg);

/// <summary>
/// A disk's content kept sparsely, in 64 KiB chunks; a missing chunk is zeros. Costs follow the data
/// written, not the disk's size, so a drill's 64 MiB disk is cheap to record, rebuild and compare.
/// Chunks are shared between copies and cloned on the first write (copy on write).
/// </summary>
public sealed class SparseContent
{
    private const int ChunkSize = 64 * 1024;
    private const int ReadChunks = 16;
    private readonly Dictionary<long, byte[]> _chunks;
    private readonly HashSet<long> _owned = [];

    private SparseContent(long capacity, Dictionary<long, byte[]> chunks)
    {
        Capacity = capacity;
        _chunks = chunks;
    }

    public long Capacity { get; }

    /// <summary>Reads the allocated extents of <paramref name="device"/> (unallocated space reads as zeros).</summary>
    public static SparseContent Read(IBlockDevice device)
    {
        var wanted = new List<long>();
        foreach (var extent in device.GetAllocatedExtents())
            for (var chunk = extent.Offset / ChunkSize; chunk * ChunkSize < extent.End; chunk++)
                if (wanted.Count == 0 || wanted[^1] < chunk) wanted.Add(chunk);
        // Consecutive chunks are read together: a guest disk opens its image chain on every read.
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunks * ChunkSize);
        var chunks = new Dictionary<long, byte[]>();
        try
        {
            for (var i = 0; i < wanted.Count;)
            {
                var run = 1;
                while (i + run < wanted.Count && run < ReadChunks && wanted[i + run] == wanted[i] + run) run++;
                var offset = wanted[i] * ChunkSize;
                var length = (int)Math.Min((long)run * ChunkSize, device.Capacity - offset);
                device.Read(offset, buffer.AsSpan(0, length));
                for (var c = 0; c < run; c++)
                {
                    var data = buffer.AsSpan(c * ChunkSize, Math.Min(ChunkSize, length - c * ChunkSize));
                    if (data.ContainsAnyExcept((byte)0)) chunks[wanted[i + c]] = data.ToArray();
                }
                i += run;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new SparseContent(device.Capacity, chunks);
    }

    /// <summary>A copy sharing every chunk until one is written.</summary>
    public SparseContent Copy() => new(Capacity, new Dictionary<long, byte[]>(_chunks));

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var chunk = offset / ChunkSize;
            var at = (int)(offset % ChunkSize);
            var length = Math.Min(data.Length, ChunkSize - at);
            if (!_owned.Contains(chunk))
            {
                var size = (int)Math.Min(ChunkSize, Capacity - chunk * ChunkSize);
                _chunks[chunk] = _chunks.TryGetValue(chunk, out var shared) ? (byte[])shared.Clone() : new byte[size];
                _owned.Add(chunk);
            }
            data[..length].CopyTo(_chunks[chunk].AsSpan(at));
            data = data[length..];
            offset += length;
        }
    }

    /// <summary>The first byte offset where the two contents differ, or null when they are equal.</summary>
    public static long? FirstDifference(SparseContent expected, SparseContent actual)
    {
        if (expected.Capacity != actual.Capacity) return Math.Min(expected.Capacity, actual.Capacity);
        long? first = null;
        foreach (var chunk in expected._chunks.Keys.Union(actual._chunks.Keys))
        {
            var a = expected._chunks.GetValueOrDefault(chunk);
            var b = actual._chunks.GetValueOrDefault(chunk);
            int at;
            if (a is null) at = b!.AsSpan().IndexOfAnyExcept((byte)0);
            else if (b is null) at = a.AsSpan().IndexOfAnyExcept((byte)0);
            else at = a.AsSpan().SequenceEqual(b) ? -1 : a.AsSpan().CommonPrefixLength(b);
            if (at >= 0 && (first is null || chunk * ChunkSize + at < first)) first = chunk * ChunkSize + at;
        }
        return first;
    }
}

/// <summary>
/// The ground truth of one machine's disks for one epoch: their content when the epoch began and every
/// guest write since, so the content after any prefix of writes can be rebuilt. An epoch begins when the
/// machine first writes and again after each failover, from the recovered disks once they were checked
/// against the previous epoch at the recovery point.
/// </summary>
public sealed class MachineTruth
{
    private readonly Dictionary<int, SparseContent> _initial = [];
    private readonly List<EpochWrite> _writes = [];

    public IReadOnlyList<EpochWrite> Writes => _writes;
    public IEnumerable<int> Disks => _initial.Keys.Order();
    public bool Records(int disk) => _initial.ContainsKey(disk);

    public void Begin(int disk, SparseContent content) => _initial.Add(disk, content);

    public EpochWrite Add(DateTimeOffset time, int disk, long offset, byte[] data, object? leg)
    {
        var write = new EpochWrite(_writes.Count + 1, time, disk, offset, data, leg);
        _writes.Add(write);
        return write;
    }

    /// <summary>The disk's content after the first <paramref name="writes"/> writes of the epoch.</summary>
    public SparseContent ContentAfter(int disk, int writes)
    {
        var content = _initial[disk].Copy();
        for (var i = 0; i < writes && i < _writes.Count; i++)
            if (_writes[i].Disk == disk) content.Write(_writes[i].Offset, _writes[i].Data);
        return content;
    }
}
