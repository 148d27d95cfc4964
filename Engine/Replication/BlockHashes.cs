using System.IO.Hashing;
using Failback.Engine.Ports;

namespace Failback.Engine.Replication;

/// <summary>
/// XxHash128 of every block of a disk: what each side of a delta resync computes, so only the
/// hashes and the differing blocks cross the wire (LOC-1).
/// </summary>
public sealed class BlockHashes
{
    private readonly UInt128[] _hashes;

    private BlockHashes(UInt128[] hashes, int blockSize, long capacity)
    {
        _hashes = hashes;
        BlockSize = blockSize;
        Capacity = capacity;
    }

    public int BlockSize { get; }
    public long Capacity { get; }
    public int Count => _hashes.Length;

    /// <summary>Bytes the hash list takes on the wire.</summary>
    public long WireBytes => _hashes.Length * 16L;

    public static BlockHashes Compute(IBlockDevice disk, int blockSize = ChangedBlockBitmap.DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 512);
        var hashes = new UInt128[(disk.Capacity + blockSize - 1) / blockSize];
        // Large reads keep the device streaming; each block is hashed from the buffer.
        var chunk = Math.Max(blockSize, 8 << 20) / blockSize * blockSize;
        var buffer = new byte[chunk];
        for (long at = 0; at < disk.Capacity; at += chunk)
        {
            var length = (int)Math.Min(chunk, disk.Capacity - at);
            disk.Read(at, buffer.AsSpan(0, length));
            for (var b = 0; b < length; b += blockSize)
                hashes[(at + b) / blockSize] = XxHash128.HashToUInt128(buffer.AsSpan(b, Math.Min(blockSize, length - b)));
        }
        return new BlockHashes(hashes, blockSize, disk.Capacity);
    }

    /// <summary>The blocks whose hashes differ, as ascending, coalesced byte ranges.</summary>
    public IReadOnlyList<DiskExtent> Differences(BlockHashes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.BlockSize != BlockSize || other.Capacity != Capacity)
            throw new ArgumentException($"Cannot compare a {Capacity}-byte disk hashed in {BlockSize}-byte blocks with a {other.Capacity}-byte disk hashed in {other.BlockSize}-byte blocks; a resized disk needs a full copy.", nameof(other));
        var extents = new List<DiskExtent>();
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == other._hashes[i]) continue;
            var offset = (long)i * BlockSize;
            var length = Math.Min(BlockSize, Capacity - offset);
            if (extents.Count > 0 && extents[^1].End == offset) extents[^1] = extents[^1] with { Length = extents[^1].Length + length };
            else extents.Add(new DiskExtent(offset, length));
        }
        return extents;
    }
}
