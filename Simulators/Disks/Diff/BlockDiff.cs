using System.Buffers;
using Failback.Engine.Ports;
using Failback.Simulators.Disks.Cbt;

namespace Failback.Simulators.Disks.Diff;

/// <summary>
/// Block-by-block comparison of two disks of any format. Streams through large buffers with a vectorised
/// compare, and skips the areas neither disk has allocated (they read as zeros on both sides). A caller that
/// may use threads can split the disk into block ranges and merge the results.
/// </summary>
public static class BlockDiff
{
    public const int DefaultBlockSize = 64 * 1024;
    /// <summary>Large enough to amortise the read calls, small enough that both chunks stay in the CPU cache while compared.</summary>
    private const int ChunkBytes = 512 * 1024;
    private const int MaxBlockSize = 8 * 1024 * 1024;

    public static BlockDiffResult Compare(IBlockDevice a, IBlockDevice b, int blockSize = DefaultBlockSize) =>
        Compare(a, b, blockSize, 0, BlockCount(a, b, blockSize));

    public static long BlockCount(IBlockDevice a, IBlockDevice b, int blockSize) =>
        (Math.Max(a.Capacity, b.Capacity) + blockSize - 1) / blockSize;

    /// <summary>Compares blocks [firstBlock, firstBlock + blockCount) only.</summary>
    public static BlockDiffResult Compare(IBlockDevice a, IBlockDevice b, int blockSize, long firstBlock, long blockCount)
    {
        if (blockSize < 512 || blockSize > MaxBlockSize || (blockSize & (blockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), $"block size {blockSize} must be a power of two from 512 bytes to 8 MiB.");
        var capacity = Math.Max(a.Capacity, b.Capacity);
        var blocks = (capacity + blockSize - 1) / blockSize;
        var from = firstBlock * blockSize;
        var to = Math.Min(capacity, (firstBlock + blockCount) * blockSize);
        var changed = new List<long>();
        var chunk = Math.Max(ChunkBytes, blockSize);
        var bufA = ArrayPool<byte>.Shared.Rent(chunk);
        var bufB = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            foreach (var area in AreasToCompare(a, b, blockSize, from, to))
            {
                for (var at = area.Offset; at < area.End; at += chunk)
                {
                    var n = (int)Math.Min(chunk, area.End - at);
                    var spanA = bufA.AsSpan(0, n);
                    var spanB = bufB.AsSpan(0, n);
                    ReadPadded(a, at, spanA);
                    ReadPadded(b, at, spanB);
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

    /// <summary>Joins the results of consecutive block ranges.</summary>
    public static BlockDiffResult Merge(IReadOnlyList<BlockDiffResult> parts) =>
        parts[0] with { ChangedBlocks = parts.SelectMany(p => p.ChangedBlocks).Order().ToList() };

    /// <summary>The union of both disks' allocated areas within [from, to), widened to whole blocks.</summary>
    private static List<DiskExtent> AreasToCompare(IBlockDevice a, IBlockDevice b, int blockSize, long from, long to)
    {
        var widened = a.GetAllocatedExtents().Concat(b.GetAllocatedExtents())
            .Select(e =>
            {
                var start = Math.Max(from, e.Offset / blockSize * blockSize);
                var end = Math.Min(to, (e.End + blockSize - 1) / blockSize * blockSize);
                return new DiskExtent(start, end - start);
            })
            .Where(e => e.Length > 0)
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
