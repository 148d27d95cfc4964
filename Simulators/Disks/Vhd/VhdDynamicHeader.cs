using System.Buffers.Binary;

namespace Failback.Simulators.Disks.Vhd;

/// <summary>The 1024-byte big-endian "cxsparse" header of a dynamic VHD.</summary>
internal sealed record VhdDynamicHeader
{
    public const int Size = 1024;
    public const uint DefaultBlockSize = 2 * 1024 * 1024, MaxBlockSize = 256 * 1024 * 1024;
    private static ReadOnlySpan<byte> Cookie => "cxsparse"u8;

    public long TableOffset { get; init; }
    public uint MaxTableEntries { get; init; }
    public uint BlockSize { get; init; } = DefaultBlockSize;
    public uint Checksum { get; init; }

    /// <summary>The sector bitmap in front of each block, padded to a sector.</summary>
    public long BitmapBytes => (BlockSize / 512 / 8 + 511) / 512 * 512;

    /// <summary>
    /// The BAT against the disk size and the file (a table that does not cover the disk, or lies past the end),
    /// checked before the table is read so its size can never exceed the file.
    /// </summary>
    public IEnumerable<(Check.DiskProblemKind Kind, BadImageException Error)> LayoutProblems(VhdFooter footer, long length, string source)
    {
        if ((long)MaxTableEntries * BlockSize < footer.CurrentSize)
            yield return (Check.DiskProblemKind.SizeOutOfRange, new BadImageException(source, "the VHD max table entries", MaxTableEntries,
                $"{MaxTableEntries} blocks of {BlockSize} bytes do not cover the disk size {footer.CurrentSize}"));
        if (TableOffset + MaxTableEntries * 4L > length - VhdFooter.Size)
            yield return (Check.DiskProblemKind.VhdBatPastEndOfFile, new BadImageException(source, "the VHD BAT offset", TableOffset,
                $"its {MaxTableEntries} entries would end at byte {TableOffset + MaxTableEntries * 4L}, past the footer at {length - VhdFooter.Size}"));
    }

    public static VhdDynamicHeader Parse(ReadOnlySpan<byte> b, string source)
    {
        if (b.Length < Size || !b[..8].SequenceEqual(Cookie))
            throw new BadImageException(source, "the dynamic VHD header cookie", "missing", "the footer's data offset must point at a 1024-byte header starting 'cxsparse'");
        var h = new VhdDynamicHeader
        {
            TableOffset = BinaryPrimitives.ReadInt64BigEndian(b[16..]),
            MaxTableEntries = BinaryPrimitives.ReadUInt32BigEndian(b[28..]),
            BlockSize = BinaryPrimitives.ReadUInt32BigEndian(b[32..]),
            Checksum = BinaryPrimitives.ReadUInt32BigEndian(b[36..]),
        };
        var computed = VhdFooter.ComputeChecksum(b[..Size], 36);
        if (computed != h.Checksum)
            throw new BadImageException(source, "the dynamic VHD header checksum", $"0x{h.Checksum:x8}",
                $"the header's bytes sum to 0x{computed:x8} (bad dynamic VHD header checksum)");
        BadImageException.Require(h.BlockSize is >= 512 and <= MaxBlockSize && (h.BlockSize & (h.BlockSize - 1)) == 0,
            source, "the VHD block size", h.BlockSize, $"it must be a power of two from 512 to {MaxBlockSize} (default {DefaultBlockSize})");
        BadImageException.Require(h.TableOffset >= 0, source, "the VHD BAT offset", h.TableOffset, "it must be a byte offset inside the file");
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
