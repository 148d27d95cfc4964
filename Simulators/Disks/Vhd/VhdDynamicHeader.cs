using System.Buffers.Binary;

namespace Failback.Simulators.Disks.Vhd;

/// <summary>The 1024-byte big-endian "cxsparse" header of a dynamic VHD.</summary>
internal sealed record VhdDynamicHeader
{
    public const int Size = 1024;
    public const uint DefaultBlockSize = 2 * 1024 * 1024;
    private static ReadOnlySpan<byte> Cookie => "cxsparse"u8;

    public long TableOffset { get; init; }
    public uint MaxTableEntries { get; init; }
    public uint BlockSize { get; init; } = DefaultBlockSize;
    public uint Checksum { get; init; }

    /// <summary>The sector bitmap in front of each block, padded to a sector.</summary>
    public long BitmapBytes => (BlockSize / 512 / 8 + 511) / 512 * 512;

    public static VhdDynamicHeader Parse(ReadOnlySpan<byte> b, string source)
    {
        if (b.Length < Size || !b[..8].SequenceEqual(Cookie)) throw new InvalidDataException($"{source}: no dynamic VHD header ('cxsparse').");
        var h = new VhdDynamicHeader
        {
            TableOffset = BinaryPrimitives.ReadInt64BigEndian(b[16..]),
            MaxTableEntries = BinaryPrimitives.ReadUInt32BigEndian(b[28..]),
            BlockSize = BinaryPrimitives.ReadUInt32BigEndian(b[32..]),
            Checksum = BinaryPrimitives.ReadUInt32BigEndian(b[36..]),
        };
        var computed = VhdFooter.ComputeChecksum(b[..Size], 36);
        if (computed != h.Checksum)
            throw new InvalidDataException($"{source}: bad dynamic VHD header checksum (stored 0x{h.Checksum:x8}, computed 0x{computed:x8}).");
        if (h.BlockSize < 512 || (h.BlockSize & (h.BlockSize - 1)) != 0)
            throw new InvalidDataException($"{source}: VHD block size {h.BlockSize} is not a power of two.");
        return h;
    }

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        Cookie.CopyTo(b);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), ulong.MaxValue);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(16), TableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(24), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(28), MaxTableEntries);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(32), BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(36), VhdFooter.ComputeChecksum(b, 36));
        return b;
    }
}
