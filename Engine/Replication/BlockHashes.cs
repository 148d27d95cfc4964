using System.Buffers;
using System.IO.Hashing;
using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>
/// XxHash128 of the blocks of a disk: what each side of a delta resync computes, so only the
/// hashes and the differing blocks cross the wire (LOC-1). Either every block, or only the blocks
/// that changed-block tracking says may differ.
/// </summary>
internal sealed class BlockHashes
{
    private readonly long[] _blocks;
    private readonly UInt128[] _hashes;

    private BlockHashes(long[] blocks, UInt128[] hashes, int blockSize, long capacity)
    {
        _blocks = blocks;
        _hashes = hashes;
        BlockSize = blockSize;
        Capacity = capacity;
    }

    public int BlockSize { get; }
    public long Capacity { get; }
    public int Count => _hashes.Length;

    /// <summary>Bytes the hash list takes on the wire.</summary>
    public long WireBytes => _hashes.Length * 16L;

    /// <summary>Hashes every block of <paramref name="disk"/>.</summary>
    public static BlockHashes Compute(IBlockDevice disk, int blockSize = ChangedBlockBitmap.DefaultBlockSize) =>
        Compute(disk, [new DiskExtent(0, disk.Capacity)], blockSize);

    /// <summary>Hashes the blocks of <paramref name="disk"/> that overlap <paramref name="areas"/> (ascending).</summary>
    public static BlockHashes Compute(IBlockDevice disk, IReadOnlyList<DiskExtent> areas, int blockSize = ChangedBlockBitmap.DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 512);
        var blocks = BlocksOf(areas, blockSize, disk.Capacity);
        var hashes = new UInt128[blocks.Length];
        // Runs of consecutive blocks are read with large reads, so the device streams; 1 MiB stays in the
        // CPU's cache between the read that fills it and the hash that reads it (8 MiB did not, and hashed
        // from memory at half the speed).
        var chunkBlocks = Math.Max(1, (1 << 20) / blockSize);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkBlocks * blockSize);
        try
        {
            // A block in no allocated extent reads as zeros, so it gets the hash of zeros without being read.
            var holes = HolesOf(blocks, blockSize, disk.Capacity, disk.GetAllocatedExtents());
            UInt128? zeros = null;
            for (var i = 0; i < blocks.Length;)
            {
                if (holes[i])
                {
                    var tail = (int)Math.Min(blockSize, disk.Capacity - blocks[i] * blockSize);
                    hashes[i++] = tail == blockSize ? zeros ??= HashOfZeros(blockSize) : HashOfZeros(tail);
                    continue;
                }
                var run = 1;
                while (i + run < blocks.Length && run < chunkBlocks && !holes[i + run] && blocks[i + run] == blocks[i] + run) run++;
                var offset = blocks[i] * blockSize;
                var length = (int)Math.Min((long)run * blockSize, disk.Capacity - offset);
                disk.Read(offset, buffer.AsSpan(0, length));
                for (var b = 0; b < run; b++)
                    hashes[i + b] = XxHash128.HashToUInt128(buffer.AsSpan(b * blockSize, Math.Min(blockSize, length - b * blockSize)));
                i += run;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new BlockHashes(blocks, hashes, blockSize, disk.Capacity);
    }

    /// <summary>The blocks whose hashes differ, as ascending, coalesced byte ranges.</summary>
    public IReadOnlyList<DiskExtent> Differences(BlockHashes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BlockSize != BlockSize || other.Capacity != Capacity)
            throw new ArgumentException($"Cannot compare a {Capacity}-byte disk hashed in {BlockSize}-byte blocks with a {other.Capacity}-byte disk hashed in {other.BlockSize}-byte blocks; a resized disk needs a full copy.", nameof(other));
        if (!_blocks.AsSpan().SequenceEqual(other._blocks))
            throw new ArgumentException("The two sides hashed different blocks; both must hash the same areas.", nameof(other));
        var extents = new List<DiskExtent>();
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == other._hashes[i]) continue;
            var offset = _blocks[i] * BlockSize;
            var length = Math.Min(BlockSize, Capacity - offset);
            if (extents.Count > 0 && extents[^1].End == offset) extents[^1] = extents[^1] with { Length = extents[^1].Length + length };
            else extents.Add(new DiskExtent(offset, length));
        }
        return extents;
    }

    private static UInt128 HashOfZeros(int length) => XxHash128.HashToUInt128(new byte[length]);

    /// <summary>Which of the ascending <paramref name="blocks"/> overlap none of the ascending <paramref name="allocated"/> extents.</summary>
    private static bool[] HolesOf(long[] blocks, int blockSize, long capacity, IReadOnlyList<DiskExtent> allocated)
    {
        var holes = new bool[blocks.Length];
        var e = 0;
        for (var i = 0; i < blocks.Length; i++)
        {
            var start = blocks[i] * blockSize;
            var end = Math.Min(start + blockSize, capacity);
            while (e < allocated.Count && allocated[e].End <= start) e++;
            holes[i] = e == allocated.Count || allocated[e].Offset >= end;
        }
        return holes;
    }

    private static long[] BlocksOf(IReadOnlyList<DiskExtent> areas, int blockSize, long capacity)
    {
        var blocks = new List<long>();
        foreach (var area in areas)
        {
            var end = Math.Min(area.End, capacity);
            if (area.Length <= 0 || area.Offset >= end) continue;
            var first = area.Offset / blockSize;
            if (blocks.Count > 0 && blocks[^1] >= first) first = blocks[^1] + 1;
            for (var block = first; block * blockSize < end; block++) blocks.Add(block);
        }
        return [.. blocks];
    }
}
