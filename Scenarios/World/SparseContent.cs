using System.Buffers;
using Failback.Engine.Ports;

namespace Failback.Scenarios.World;

/// <summary>
/// A disk's content kept sparsely, in 4 KiB chunks (a guest's page); a missing chunk is zeros. Costs follow the data
/// written, not the disk's size, so a drill's 64 MiB disk is cheap to record, rebuild and compare.
/// Chunks are shared between copies and cloned on the first partial write (copy on write); a write that
/// covers a whole chunk refers to the written bytes instead of copying them (recorded writes never change).
/// </summary>
public sealed class SparseContent
{
    private const int ChunkSize = 4096;
    /// <summary>Consecutive chunks are read from a device together, up to 1 MiB at a time.</summary>
    private const int ReadChunks = 256;
    private readonly Dictionary<long, ReadOnlyMemory<byte>> _chunks;
    /// <summary>The chunks whose arrays this content allocated itself, the only ones it may write into.</summary>
    private readonly Dictionary<long, byte[]> _owned = [];

    private SparseContent(long capacity, Dictionary<long, ReadOnlyMemory<byte>> chunks)
    {
        Capacity = capacity;
        _chunks = chunks;
    }

    public long Capacity { get; }

    /// <summary>Reads the allocated extents of <paramref name="device"/> (unallocated space reads as zeros).</summary>
    public static SparseContent Read(IBlockDevice device)
    {
        var wanted = new List<long>();
        AddAllocatedChunks(device, wanted);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunks * ChunkSize);
        var chunks = new Dictionary<long, ReadOnlyMemory<byte>>();
        try
        {
            foreach (var (first, count) in Runs(wanted))
            {
                var offset = first * ChunkSize;
                var length = (int)Math.Min((long)count * ChunkSize, device.Capacity - offset);
                device.Read(offset, buffer.AsSpan(0, length));
                for (var c = 0; c < count; c++)
                {
                    var data = buffer.AsSpan(c * ChunkSize, Math.Min(ChunkSize, length - c * ChunkSize));
                    if (data.ContainsAnyExcept((byte)0)) chunks[first + c] = data.ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new SparseContent(device.Capacity, chunks);
    }

    /// <summary>The whole content as one array (for small test disks; a drill compares with <see cref="FirstDifference"/>).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Capacity];
        foreach (var (chunk, data) in _chunks) data.Span.CopyTo(bytes.AsSpan((int)(chunk * ChunkSize)));
        return bytes;
    }

    /// <summary>A copy sharing every chunk until one is written.</summary>
    public SparseContent Copy() => new(Capacity, new Dictionary<long, ReadOnlyMemory<byte>>(_chunks));

    /// <summary>Writes <paramref name="data"/>, which must not change afterwards: whole chunks of it are kept by reference.</summary>
    public void Write(long offset, ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            var chunk = offset / ChunkSize;
            var at = (int)(offset % ChunkSize);
            var size = (int)Math.Min(ChunkSize, Capacity - chunk * ChunkSize);
            var length = Math.Min(data.Length, size - at);
            if (at == 0 && length == size)
            {
                _chunks[chunk] = data[..length];
                _owned.Remove(chunk);
            }
            else
            {
                if (!_owned.TryGetValue(chunk, out var mine))
                {
                    mine = new byte[size];
                    if (_chunks.TryGetValue(chunk, out var shared)) shared.Span.CopyTo(mine);
                    _chunks[chunk] = _owned[chunk] = mine;
                }
                data.Span[..length].CopyTo(mine.AsSpan(at));
            }
            data = data[length..];
            offset += length;
        }
    }

    /// <summary>
    /// The first byte offset where <paramref name="device"/> differs from this content, or null when it holds
    /// exactly this content. Streams the device (the chunks this content holds and those the device has
    /// allocated; the rest is zeros on both sides): nothing is copied out of it.
    /// </summary>
    public long? FirstDifference(IBlockDevice device)
    {
        if (device.Capacity != Capacity) return Math.Min(device.Capacity, Capacity);
        var chunks = new List<long>(_chunks.Keys);
        AddAllocatedChunks(device, chunks);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunks * ChunkSize);
        try
        {
            foreach (var (first, count) in Runs(chunks))
            {
                var offset = first * ChunkSize;
                var length = (int)Math.Min((long)count * ChunkSize, Capacity - offset);
                device.Read(offset, buffer.AsSpan(0, length));
                for (var c = 0; c < count; c++)
                {
                    var actual = buffer.AsSpan(c * ChunkSize, Math.Min(ChunkSize, length - c * ChunkSize));
                    var at = _chunks.TryGetValue(first + c, out var expected)
                        ? (actual.SequenceEqual(expected.Span) ? -1 : actual.CommonPrefixLength(expected.Span))
                        : actual.IndexOfAnyExcept((byte)0);
                    if (at >= 0) return offset + (long)c * ChunkSize + at;
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AddAllocatedChunks(IBlockDevice device, List<long> chunks)
    {
        foreach (var extent in device.GetAllocatedExtents())
            for (var chunk = extent.Offset / ChunkSize; chunk * ChunkSize < extent.End; chunk++) chunks.Add(chunk);
    }

    /// <summary>Chunk indexes (in any order, repeats allowed) sorted and cut into runs of consecutive ones, at most <see cref="ReadChunks"/> long: one read each.</summary>
    private static IEnumerable<(long First, int Count)> Runs(List<long> chunks)
    {
        chunks.Sort();
        long first = -1;
        var count = 0;
        foreach (var chunk in chunks)
        {
            if (count > 0 && chunk < first + count) continue;
            if (count > 0 && chunk == first + count && count < ReadChunks)
            {
                count++;
                continue;
            }
            if (count > 0) yield return (first, count);
            (first, count) = (chunk, 1);
        }
        if (count > 0) yield return (first, count);
    }
}
