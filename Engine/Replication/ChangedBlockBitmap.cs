using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>
/// The mobility agent's changed-block tracking: one bit per block of a disk, set by every write
/// that touches the block, read as coalesced extents and cleared by the consumer.
/// </summary>
internal sealed class ChangedBlockBitmap(long capacity, int blockSize = ChangedBlockBitmap.DefaultBlockSize)
{
    public const int DefaultBlockSize = 64 * 1024;

    private readonly ulong[] _bits = new ulong[(BlockCount(capacity, blockSize) + 63) / 64];

    public int BlockSize { get; } = blockSize;
    public long Capacity { get; } = capacity;

    public void Mark(long offset, long length)
    {
        if (length <= 0) return;
        for (var block = offset / BlockSize; block <= (offset + length - 1) / BlockSize; block++)
            _bits[block >> 6] |= 1UL << (int)(block & 63);
    }

    /// <summary>Clears the blocks that lie wholly inside the range (callers pass whole blocks).</summary>
    public void Unmark(long offset, long length)
    {
        if (length <= 0) return;
        var first = (offset + BlockSize - 1) / BlockSize;
        var end = Math.Min(offset + length, Capacity) == Capacity ? BlockCount(Capacity, BlockSize) : (offset + length) / BlockSize;
        for (var block = first; block < end; block++)
            _bits[block >> 6] &= ~(1UL << (int)(block & 63));
    }

    public long ChangedBlocks => _bits.Sum(w => (long)ulong.PopCount(w));

    /// <summary>The changed blocks as ascending, coalesced byte ranges (the last one clipped to the capacity).</summary>
    public IReadOnlyList<DiskExtent> Extents()
    {
        var extents = new List<DiskExtent>();
        long start = -1;
        var blocks = BlockCount(Capacity, BlockSize);
        for (long block = 0; block <= blocks; block++)
        {
            var set = block < blocks && (_bits[block >> 6] & (1UL << (int)(block & 63))) != 0;
            if (set && start < 0) start = block;
            else if (!set && start >= 0)
            {
                var from = start * BlockSize;
                extents.Add(new DiskExtent(from, Math.Min(block * BlockSize, Capacity) - from));
                start = -1;
            }
        }
        return extents;
    }

    public void Clear() => Array.Clear(_bits);

    private static long BlockCount(long capacity, int blockSize) => (capacity + blockSize - 1) / blockSize;
}
