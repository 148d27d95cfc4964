using System.Buffers;
using System.IO.Hashing;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Diff;

/// <summary>
/// Per-block XxHash128 of a disk, streamed: what each side of a checksum resync computes so that only the
/// blocks whose hashes differ cross the wire.
/// </summary>
public static class BlockHasher
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxBlockSize = 8 * 1024 * 1024;

    /// <summary>The hash of every block in [firstBlock, firstBlock + count), in order; the last block is zero-padded.</summary>
    public static IEnumerable<UInt128> Hash(IBlockDevice disk, int blockSize = BlockDiff.DefaultBlockSize, long firstBlock = 0, long? count = null)
    {
        if (blockSize < 512 || blockSize > MaxBlockSize || (blockSize & (blockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), $"block size {blockSize} must be a power of two from 512 bytes to 8 MiB.");
        var chunk = Math.Max(ChunkBytes, blockSize);
        var blocks = (disk.Capacity + blockSize - 1) / blockSize;
        var end = Math.Min(blocks, firstBlock + (count ?? blocks));
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            for (var block = firstBlock; block < end;)
            {
                var inChunk = (int)Math.Min(chunk / blockSize, end - block);
                var offset = block * blockSize;
                var bytes = (int)Math.Min((long)inChunk * blockSize, disk.Capacity - offset);
                disk.Read(offset, buffer.AsSpan(0, bytes));
                buffer.AsSpan(bytes, inChunk * blockSize - bytes).Clear();
                for (var i = 0; i < inChunk; i++)
                    yield return XxHash128.HashToUInt128(buffer.AsSpan(i * blockSize, blockSize));
                block += inChunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
