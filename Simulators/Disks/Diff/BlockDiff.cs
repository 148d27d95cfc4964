using System.Buffers;
using Failback.Engine.Ports;
using Failback.Simulators.Disks.Cbt;

namespace Failback.Simulators.Disks.Diff;

/// <summary>
/// Block-by-block comparison of two disks of any format. Streams through large buffers with a vectorised
/// compare, and skips the areas neither disk has allocated (they read as zeros on both sides).
/// </summary>
public static class BlockDiff
{
    public const int DefaultBlockSize = 64 * 1024;
    private const int ChunkBytes = 8 * 1024 * 1024;

    public static BlockDiffResult Compare(IBlockDevice a, IBlockDevice b, int blockSize = DefaultBlockSize)
    {
        if (blockSize < 512 || blockSize > ChunkBytes || ChunkBytes % blockSize != 0 || (blockSize & (blockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), $"block size {blockSize} must be a power of two from 512 bytes to 8 MiB.");
        var capacity = Math.Max(a.Capacity, b.Capacity);
        var blocks = (capacity + blockSize - 1) / blockSize;
        var changed = new List<long>();
        var bufA = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var bufB = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var area in AreasToCompare(a, b, blockSize, capacity))
            {
                for (var at = area.Offset; at < area.End; at += ChunkBytes)
                {
                    var n = (int)Math.Min(ChunkBytes, area.End - at);
                    var spanA = bufA.AsSpan(0, n);
                    var spanB = bufB.AsSpan(0, n);
                    ReadPadded(a, at, spanA);
                    ReadPadded(b, at, spanB);
                    if (spanA.SequenceEqual(spanB)) continue;
                    for (var o = 0; o < n; o += blockSize)
                    {
                        var len = Math.Min(blockSize, n - o);
                        if (!spanA.Slice(o, len).SequenceEqual(spanB.Slice(o, len))) changed.Add((at + o) / blockSize);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bufA);
            ArrayPool<byte>.Shared.Return(bufB);
        }
        return new BlockDiffResult(blockSize, blocks, a.Capacity, b.Capacity, changed);
    }

    /// <summary>The union of both disks' allocated areas, widened to whole blocks.</summary>
    private static List<DiskExtent> AreasToCompare(IBlockDevice a, IBlockDevice b, int blockSize, long capacity)
    {
        var widened = a.GetAllocatedExtents().Concat(b.GetAllocatedExtents())
            .Select(e =>
            {
                var start = e.Offset / blockSize * blockSize;
                var end = Math.Min(capacity, (e.End + blockSize - 1) / blockSize * blockSize);
                return new DiskExtent(start, end - start);
            })
            .OrderBy(e => e.Offset);
        return ChangeTracker.Coalesce(widened);
    }

    private static void ReadPadded(IBlockDevice d, long offset, Span<byte> buffer)
    {
        var available = (int)Math.Clamp(d.Capacity - offset, 0, buffer.Length);
        if (available > 0) d.Read(offset, buffer[..available]);
        buffer[available..].Clear();
    }
}
