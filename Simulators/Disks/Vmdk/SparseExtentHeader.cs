using System.Buffers.Binary;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>The 512-byte KDMV header of a hosted sparse extent (VMware Virtual Disk Format 1.1, little-endian).</summary>
internal sealed record SparseExtentHeader
{
    public const uint Magic = 0x564D444B; // "KDMV"
    public const int GtesPerGt = 512;
    public const uint FlagNewlineTest = 1, FlagRedundantGt = 2, FlagZeroedGrain = 4, FlagCompressed = 0x10000;

    public uint Version { get; init; } = 1;
    public uint Flags { get; init; } = FlagNewlineTest | FlagRedundantGt;
    public long CapacitySectors { get; init; }
    public long GrainSectors { get; init; } = 128;
    public long DescriptorOffset { get; init; }
    public long DescriptorSectors { get; init; }
    public uint NumGtesPerGt { get; init; } = GtesPerGt;
    public long RgdOffset { get; init; }
    public long GdOffset { get; init; }
    public long OverheadSectors { get; init; }
    public ushort CompressAlgorithm { get; init; }

    public long GrainBytes => GrainSectors * 512;
    public long GdEntries => (CapacitySectors + GrainSectors * NumGtesPerGt - 1) / (GrainSectors * NumGtesPerGt);
    public bool HasRedundantGd => (Flags & FlagRedundantGt) != 0;

    public static SparseExtentHeader Parse(ReadOnlySpan<byte> b, string source)
    {
        if (b.Length < 512 || BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic)
            throw new InvalidDataException($"{source}: not a hosted sparse extent (no KDMV magic).");
        var h = new SparseExtentHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
            CapacitySectors = BinaryPrimitives.ReadInt64LittleEndian(b[12..]),
            GrainSectors = BinaryPrimitives.ReadInt64LittleEndian(b[20..]),
            DescriptorOffset = BinaryPrimitives.ReadInt64LittleEndian(b[28..]),
            DescriptorSectors = BinaryPrimitives.ReadInt64LittleEndian(b[36..]),
            NumGtesPerGt = BinaryPrimitives.ReadUInt32LittleEndian(b[44..]),
            RgdOffset = BinaryPrimitives.ReadInt64LittleEndian(b[48..]),
            GdOffset = BinaryPrimitives.ReadInt64LittleEndian(b[56..]),
            OverheadSectors = BinaryPrimitives.ReadInt64LittleEndian(b[64..]),
            CompressAlgorithm = BinaryPrimitives.ReadUInt16LittleEndian(b[77..]),
        };
        if (h.Version is < 1 or > 3) throw new InvalidDataException($"{source}: KDMV version {h.Version} is not supported (1 to 3).");
        if (h.GrainSectors < 1 || (h.GrainSectors & (h.GrainSectors - 1)) != 0 || h.GrainSectors > 2048)
            throw new InvalidDataException($"{source}: grain size {h.GrainSectors} sectors is not a power of two up to 1 MiB.");
        if (h.NumGtesPerGt != GtesPerGt) throw new InvalidDataException($"{source}: {h.NumGtesPerGt} entries per grain table; only 512 is valid.");
        if (h.CapacitySectors <= 0) throw new InvalidDataException($"{source}: capacity {h.CapacitySectors} sectors is not positive.");
        if ((h.Flags & FlagCompressed) != 0 || h.GdOffset == -1)
            throw new InvalidDataException($"{source}: compressed (streamOptimized) extents are not supported; convert with qemu-img convert -O vmdk.");
        return h;
    }

    public byte[] ToBytes()
    {
        var b = new byte[512];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), Flags);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(12), CapacitySectors);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(20), GrainSectors);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(28), DescriptorOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(36), DescriptorSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), NumGtesPerGt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), RgdOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(56), GdOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(64), OverheadSectors);
        // Bytes that detect a file mangled by text-mode transfer.
        b[73] = (byte)'\n'; b[74] = (byte)' '; b[75] = (byte)'\r'; b[76] = (byte)'\n';
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(77), CompressAlgorithm);
        return b;
    }
}
