using System.Buffers.Binary;
using System.Text;

namespace Failback.Simulators.Disks.Vhd;

/// <summary>The 512-byte big-endian VHD footer (hard disk footer of the VHD specification).</summary>
internal sealed record VhdFooter
{
    public const int Size = 512;
    public const uint TypeFixed = 2, TypeDynamic = 3, TypeDifferencing = 4;
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static ReadOnlySpan<byte> Cookie => "conectix"u8;

    public ulong DataOffset { get; init; } = ulong.MaxValue;
    public uint Timestamp { get; init; }
    /// <summary>"win " makes qemu and Hyper-V take <see cref="CurrentSize"/> as the size, as Azure does.</summary>
    public string CreatorApp { get; init; } = "win ";
    public uint CreatorVersion { get; init; } = 0x000A0000;
    public string CreatorHostOs { get; init; } = "Wi2k";
    public long OriginalSize { get; init; }
    public long CurrentSize { get; init; }
    public VhdGeometry Geometry { get; init; }
    public uint DiskType { get; init; } = TypeFixed;
    public uint Checksum { get; init; }
    public Guid UniqueId { get; init; }

    public static bool HasCookie(ReadOnlySpan<byte> b) => b.Length >= 8 && b[..8].SequenceEqual(Cookie);

    /// <summary>The one's complement of the byte sum, the checksum field counted as zero.</summary>
    public static uint ComputeChecksum(ReadOnlySpan<byte> b, int checksumOffset)
    {
        uint sum = 0;
        for (var i = 0; i < b.Length; i++)
            if (i < checksumOffset || i >= checksumOffset + 4) sum += b[i];
        return ~sum;
    }

    public static VhdFooter Parse(ReadOnlySpan<byte> b, string source)
    {
        if (!HasCookie(b))
            throw new BadImageException(source, "the VHD footer cookie", "missing", "a VHD's footer starts with 'conectix'");
        var footer = new VhdFooter
        {
            DataOffset = BinaryPrimitives.ReadUInt64BigEndian(b[16..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(b[24..]),
            CreatorApp = Encoding.ASCII.GetString(b.Slice(28, 4)),
            CreatorVersion = BinaryPrimitives.ReadUInt32BigEndian(b[32..]),
            CreatorHostOs = Encoding.ASCII.GetString(b.Slice(36, 4)),
            OriginalSize = BinaryPrimitives.ReadInt64BigEndian(b[40..]),
            CurrentSize = BinaryPrimitives.ReadInt64BigEndian(b[48..]),
            Geometry = new VhdGeometry(BinaryPrimitives.ReadUInt16BigEndian(b[56..]), b[58], b[59]),
            DiskType = BinaryPrimitives.ReadUInt32BigEndian(b[60..]),
            Checksum = BinaryPrimitives.ReadUInt32BigEndian(b[64..]),
            UniqueId = new Guid(b.Slice(68, 16), bigEndian: true),
        };
        var computed = ComputeChecksum(b[..Size], 64);
        if (computed != footer.Checksum)
            throw new BadImageException(source, "the VHD footer checksum", $"0x{footer.Checksum:x8}",
                $"the footer's bytes sum to 0x{computed:x8}, so the footer is corrupt (bad VHD footer checksum)");
        BadImageException.Require(footer.CurrentSize > 0 && footer.CurrentSize <= FormatLimits.MaxReadableBytes && footer.CurrentSize % 512 == 0,
            source, "the VHD footer's current size", footer.CurrentSize,
            $"it must be a positive multiple of 512 up to {Sizes.Format(FormatLimits.MaxReadableBytes)}");
        return footer;
    }

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        Cookie.CopyTo(b);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(12), 0x00010000);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(16), DataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(24), Timestamp);
        Encoding.ASCII.GetBytes(CreatorApp, b.AsSpan(28, 4));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(32), CreatorVersion);
        Encoding.ASCII.GetBytes(CreatorHostOs, b.AsSpan(36, 4));
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(40), OriginalSize);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(48), CurrentSize);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(56), Geometry.Cylinders);
        b[58] = Geometry.Heads;
        b[59] = Geometry.SectorsPerTrack;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(60), DiskType);
        UniqueId.TryWriteBytes(b.AsSpan(68, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(64), ComputeChecksum(b, 64));
        return b;
    }

    public static uint TimestampOf(DateTimeOffset t) => (uint)Math.Clamp((t - Epoch).TotalSeconds, 0, uint.MaxValue);
}
