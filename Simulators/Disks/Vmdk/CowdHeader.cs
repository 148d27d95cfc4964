using System.Buffers.Binary;
using System.Text;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>
/// The 2048-byte header of an ESX vmfsSparse delta (COWD, VMware's cow_ext.h): sector counts are 32-bit,
/// grain tables hold 4096 entries, and ESX's default grain is one sector.
/// </summary>
internal sealed record CowdHeader
{
    public const uint Magic = 0x44574F43; // "COWD"
    public const int GtesPerGt = 4096;
    public const int Size = 2048;

    public uint Version { get; init; } = 1;
    public uint Flags { get; init; } = 3;
    public uint CapacitySectors { get; init; }
    public uint GrainSectors { get; init; } = 1;
    public uint GdOffset { get; init; } = Size / 512;
    public uint GdEntries { get; init; }
    public uint FreeSector { get; init; }
    public string ParentFileName { get; init; } = "";
    public uint ParentGeneration { get; init; }
    public uint Generation { get; init; }

    public long GrainBytes => GrainSectors * 512L;
    public long GdSectors => (GdEntries * 4L + 511) / 512;

    /// <summary>Where the directory lies against the file's length; null when it fits.</summary>
    public BadImageException? DirectoryPastEnd(long length, string source) =>
        GdOffset * 512L + GdEntries * 4L > length
            ? new BadImageException(source, "COWD gdOffset (sectors)", GdOffset,
                $"its {GdEntries} entries would end at byte {GdOffset * 512L + GdEntries * 4L}, past the end of the delta ({length} bytes)")
            : null;

    public static uint EntriesFor(uint capacitySectors, uint grainSectors) =>
        (uint)((capacitySectors + (long)grainSectors * GtesPerGt - 1) / ((long)grainSectors * GtesPerGt));

    public static CowdHeader Parse(ReadOnlySpan<byte> b, string source)
    {
        if (b.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic)
            throw new BadImageException(source, "the COWD magic", b.Length < 4 ? "missing" : $"0x{BinaryPrimitives.ReadUInt32LittleEndian(b):x8}",
                $"a vmfsSparse delta starts with \"COWD\" (0x{Magic:x8}) and a {Size}-byte header");
        var name = b.Slice(32, 1024);
        var nul = name.IndexOf((byte)0);
        var h = new CowdHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
            CapacitySectors = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]),
            GrainSectors = BinaryPrimitives.ReadUInt32LittleEndian(b[16..]),
            GdOffset = BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
            GdEntries = BinaryPrimitives.ReadUInt32LittleEndian(b[24..]),
            FreeSector = BinaryPrimitives.ReadUInt32LittleEndian(b[28..]),
            ParentFileName = Encoding.UTF8.GetString(nul < 0 ? name : name[..nul]),
            ParentGeneration = BinaryPrimitives.ReadUInt32LittleEndian(b[1056..]),
            Generation = BinaryPrimitives.ReadUInt32LittleEndian(b[1060..]),
        };
        BadImageException.Require(h.GrainSectors is >= 1 and <= 2048 && (h.GrainSectors & (h.GrainSectors - 1)) == 0,
            source, "COWD grainSize (sectors)", h.GrainSectors, "it must be a power of two from 1 to 2048 (1 MiB)");
        BadImageException.Require(h.CapacitySectors > 0, source, "COWD numSectors", h.CapacitySectors, "a delta holds at least one sector");
        BadImageException.Require(h.GdEntries == EntriesFor(h.CapacitySectors, h.GrainSectors), source, "COWD numGDEntries", h.GdEntries,
            $"{h.CapacitySectors} sectors in grains of {h.GrainSectors} need exactly {EntriesFor(h.CapacitySectors, h.GrainSectors)}");
        BadImageException.Require(h.GdOffset >= Size / 512, source, "COWD gdOffset (sectors)", h.GdOffset,
            $"the directory cannot overlap the {Size}-byte header");
        return h;
    }

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), CapacitySectors);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), GrainSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), GdOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), GdEntries);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), FreeSector);
        Encoding.UTF8.GetBytes(ParentFileName, b.AsSpan(32, 1023));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1056), ParentGeneration);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1060), Generation);
        return b;
    }
}
