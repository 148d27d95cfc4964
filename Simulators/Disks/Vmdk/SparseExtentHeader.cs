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
            throw new BadImageException(source, "the KDMV header", b.Length < 4 ? "missing" : $"{b.Length} bytes with magic 0x{BinaryPrimitives.ReadUInt32LittleEndian(b):x8}",
                $"a hosted sparse extent starts with a 512-byte header whose magic is \"KDMV\" (0x{Magic:x8})");
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
        BadImageException.Require(h.Version is >= 1 and <= 3, source, "KDMV version", h.Version, "versions 1 to 3 are defined");
        BadImageException.Require(h.GrainSectors is >= 1 and <= MaxGrainSectors && (h.GrainSectors & (h.GrainSectors - 1)) == 0,
            source, "KDMV grainSize (sectors)", h.GrainSectors, $"it must be a power of two from 1 to {MaxGrainSectors} (1 MiB)");
        BadImageException.Require(h.NumGtesPerGt == GtesPerGt, source, "KDMV numGTEsPerGT", h.NumGtesPerGt, "the format fixes it at 512");
        BadImageException.Require(h.CapacitySectors is > 0 and <= FormatLimits.MaxReadableSectors, source, "KDMV capacity (sectors)",
            h.CapacitySectors, $"it must be from 1 to {FormatLimits.MaxReadableSectors} ({Sizes.Format(FormatLimits.MaxReadableBytes)})");
        if ((h.Flags & FlagCompressed) != 0 || h.GdOffset == -1 || h.CompressAlgorithm != 0)
            throw new BadImageException(source, "KDMV flags/compressAlgorithm", $"0x{h.Flags:x8}/{h.CompressAlgorithm}",
                "compressed (streamOptimized) extents are not supported; convert with qemu-img convert -O vmdk");
        foreach (var (field, value) in new[] { ("descriptorOffset", h.DescriptorOffset), ("descriptorSize", h.DescriptorSectors),
                     ("rgdOffset", h.RgdOffset), ("gdOffset", h.GdOffset), ("overHead", h.OverheadSectors) })
            BadImageException.Require(value is >= 0 and <= uint.MaxValue, source, $"KDMV {field} (sectors)", value,
                "sector offsets in a hosted sparse extent are 32-bit");
        BadImageException.Require(h.GdOffset > 0, source, "KDMV gdOffset (sectors)", h.GdOffset, "the grain directory cannot overlap the header at sector 0");
        BadImageException.Require(!h.HasRedundantGd || h.RgdOffset > 0, source, "KDMV rgdOffset (sectors)", h.RgdOffset,
            "the redundant-grain-table flag is set, so the redundant directory needs a place after the header");
        BadImageException.Require(h.DescriptorSectors <= MaxDescriptorSectors, source, "KDMV descriptorSize (sectors)", h.DescriptorSectors,
            $"an embedded descriptor holds at most {MaxDescriptorSectors} sectors (1 MiB)");
        return h;
    }

    public const long MaxGrainSectors = 2048, MaxDescriptorSectors = 2048;

    /// <summary>
    /// Where the header's areas lie against the file's length, each a problem of its own kind; qemu refuses
    /// an extent shorter than its overhead ("File truncated").
    /// </summary>
    public IEnumerable<(Check.DiskProblemKind Kind, BadImageException Error)> LayoutProblems(long length, string source)
    {
        if (OverheadSectors * 512 > length)
            yield return (Check.DiskProblemKind.ExtentTruncated, new BadImageException(source, "the file length", length,
                $"the header's overHead says grains start at byte {OverheadSectors * 512}, so the file is truncated (qemu: \"File truncated\")"));
        if (GdOffset * 512 + GdEntries * 4 > length)
            yield return (Check.DiskProblemKind.GrainDirectoryPastEndOfFile, new BadImageException(source, "KDMV gdOffset (sectors)", GdOffset,
                $"its {GdEntries} entries would end at byte {GdOffset * 512 + GdEntries * 4}, past the end of the file ({length} bytes)"));
        if (HasRedundantGd && RgdOffset * 512 + GdEntries * 4 > length)
            yield return (Check.DiskProblemKind.GrainDirectoryPastEndOfFile, new BadImageException(source, "KDMV rgdOffset (sectors)", RgdOffset,
                $"its {GdEntries} entries would end at byte {RgdOffset * 512 + GdEntries * 4}, past the end of the file ({length} bytes)"));
        if (DescriptorSectors > 0 && (DescriptorOffset + DescriptorSectors) * 512 > length)
            yield return (Check.DiskProblemKind.ExtentTruncated, new BadImageException(source, "KDMV descriptorOffset (sectors)", DescriptorOffset,
                $"its {DescriptorSectors} sectors would end past the end of the file ({length} bytes)"));
    }

    public void RequireLayoutWithin(long length, string source)
    {
        foreach (var (_, error) in LayoutProblems(length, source)) throw error;
    }

    public void RequireDescriptorWithin(long length, string source)
    {
        foreach (var (_, error) in LayoutProblems(length, source))
            if (error.Field.StartsWith("KDMV descriptor", StringComparison.Ordinal)) throw error;
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
