using System.Buffers;
using Failback.Engine.Ports;

namespace Failback.Scenarios.World;

/// <summary>
/// A disk's content kept sparsely, in 4 KiB chunks (a guest's page); a missing chunk is zeros. Costs follow the data
/// written, not the disk's size, so a drill's 64 MiB disk is cheap to record, rebuild and compare.
/// Chunks are shared between copies and cloned on the first partial write (copy on write); a write that
/// covers a whole chunk refers to the written bytes instead of copying them (recorded writes never change), and a
/// drawn payload's chunk is kept as that payload and where in it the chunk starts: its bytes are made only when
/// the content is compared or read out, so a content costs a few dozen bytes per chunk, whatever was written.
/// </summary>
public sealed class SparseContent
{
    private const int ChunkSize = 4096;
    /// <summary>Consecutive chunks are read from a device together, up to 1 MiB at a time.</summary>
    private const int ReadChunks = 256;
    private readonly Dictionary<long, Chunk> _chunks;
    /// <summary>The chunks whose arrays this content allocated itself, the only ones it may write into.</summary>
    private readonly Dictionary<long, byte[]> _owned = [];

    private SparseContent(long capacity, Dictionary<long, Chunk> chunks)
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
        var chunks = new Dictionary<long, Chunk>();
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
                    if (data.ContainsAnyExcept((byte)0)) chunks[first + c] = new Chunk(data.ToArray());
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
        foreach (var (index, chunk) in _chunks) chunk.CopyTo(bytes.AsSpan((int)(index * ChunkSize), Size(index)));
        return bytes;
    }

    /// <summary>A copy sharing every chunk until one is written.</summary>
    public SparseContent Copy() => new(Capacity, new Dictionary<long, Chunk>(_chunks));

    /// <summary>Writes <paramref name="payload"/>: literal bytes by reference, a drawn payload as its description.</summary>
    public void Write(long offset, GuestPayload payload)
    {
        if (payload.LiteralBytes is { } literal)
        {
            Write(offset, literal);
            return;
        }
        var start = 0;
        while (start < payload.Length)
        {
            var chunk = offset / ChunkSize;
            var at = (int)(offset % ChunkSize);
            var size = Size(chunk);
            var length = Math.Min(payload.Length - start, size - at);
            if (at == 0 && length == size)
            {
                _chunks[chunk] = new Chunk(payload, start);
                _owned.Remove(chunk);
            }
            else
            {
                payload.Fill(start, Owned(chunk).AsSpan(at, length));
            }
            start += length;
            offset += length;
        }
    }

    /// <summary>Writes <paramref name="data"/>, which must not change afterwards: whole chunks of it are kept by reference.</summary>
    public void Write(long offset, ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            var chunk = offset / ChunkSize;
            var at = (int)(offset % ChunkSize);
            var size = Size(chunk);
            var length = Math.Min(data.Length, size - at);
            if (at == 0 && length == size)
            {
                _chunks[chunk] = new Chunk(data[..length]);
                _owned.Remove(chunk);
            }
            else
            {
                data.Span[..length].CopyTo(Owned(chunk).AsSpan(at));
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
        Span<byte> made = stackalloc byte[ChunkSize];
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
                    var at = _chunks.TryGetValue(first + c, out var chunk)
                        ? Differs(actual, chunk.Bytes(made[..actual.Length]))
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

    private static int Differs(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected) =>
        actual.SequenceEqual(expected) ? -1 : actual.CommonPrefixLength(expected);

    private int Size(long chunk) => (int)Math.Min(ChunkSize, Capacity - chunk * ChunkSize);

    /// <summary>The chunk's own array to write into: cloned from the shared bytes or made from the description on first use.</summary>
    private byte[] Owned(long chunk)
    {
        if (_owned.TryGetValue(chunk, out var mine)) return mine;
        mine = new byte[Size(chunk)];
        if (_chunks.TryGetValue(chunk, out var shared)) shared.CopyTo(mine);
        _chunks[chunk] = new Chunk(mine);
        return _owned[chunk] = mine;
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

    /// <summary>A chunk's bytes, or the drawn payload that makes them from <see cref="Start"/> on.</summary>
    private readonly record struct Chunk(ReadOnlyMemory<byte> Data, GuestPayload Payload, int Start)
    {
        public Chunk(ReadOnlyMemory<byte> data) : this(data, default, 0) { }
        public Chunk(GuestPayload payload, int start) : this(default, payload, start) { }

        /// <summary>The bytes, made into <paramref name="buffer"/> (the chunk's length) when described.</summary>
        public ReadOnlySpan<byte> Bytes(Span<byte> buffer)
        {
            if (Payload.Length == 0) return Data.Span;
            Payload.Fill(Start, buffer);
            return buffer;
        }

        public void CopyTo(Span<byte> destination) => Bytes(destination).CopyTo(destination);
    }
}
