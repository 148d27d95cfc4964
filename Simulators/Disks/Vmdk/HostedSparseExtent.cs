using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Failback.Simulators.Disks.Layers;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>
/// A hosted sparse extent (monolithicSparse, KDMV): header, embedded descriptor, redundant and primary grain
/// directories with their grain tables, then grains appended at the end of the file. Every grain-table
/// update goes to both copies so the file stays as qemu and VMware expect it.
/// </summary>
internal sealed class HostedSparseExtent : GrainedLayer
{
    public const int DefaultDescriptorSectors = 20;

    private readonly uint[] _gd, _rgd;
    private readonly uint[]?[] _tables; // primary grain tables, loaded on first use (memory follows use, not capacity)
    private long _end;                  // the next free byte at the end of the file

    public SparseExtentHeader Header { get; }

    private HostedSparseExtent(SafeFileHandle file, SparseExtentHeader header, uint[] gd, uint[] rgd) : base(file)
    {
        Header = header;
        _gd = gd;
        _rgd = rgd;
        _tables = new uint[]?[gd.Length];
        _end = (RandomAccess.GetLength(file) + 511) / 512 * 512;
    }

    public override long Capacity => Header.CapacitySectors * 512;

    protected override long GrainSize => Header.GrainBytes;

    public static HostedSparseExtent Open(SafeFileHandle file, string source)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("KDMV tables are little-endian.");
        var length = RandomAccess.GetLength(file);
        var head = new byte[512];
        var read = RandomAccess.Read(file, head, 0);
        var header = SparseExtentHeader.Parse(head.AsSpan(0, read), source);
        header.RequireLayoutWithin(length, source);
        var gd = ReadDirectory(file, header.GdOffset, header.GdEntries);
        var rgd = header.HasRedundantGd ? ReadDirectory(file, header.RgdOffset, header.GdEntries) : [];
        return new HostedSparseExtent(file, header, gd, rgd);
    }

    internal static uint[] ReadDirectory(SafeFileHandle file, long sector, long entries)
    {
        var bytes = new byte[entries * 4];
        RandomAccess.Read(file, bytes, sector * 512);
        var result = new uint[entries];
        for (var i = 0; i < entries; i++) result[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        return result;
    }

    /// <summary>The embedded descriptor text (NUL-padded area at descriptorOffset).</summary>
    public static string ReadDescriptor(SafeFileHandle file, SparseExtentHeader header, string source)
    {
        if (header.DescriptorOffset == 0 || header.DescriptorSectors == 0) return "";
        header.RequireDescriptorWithin(RandomAccess.GetLength(file), source);
        var bytes = new byte[header.DescriptorSectors * 512];
        RandomAccess.Read(file, bytes, header.DescriptorOffset * 512);
        var end = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    public void WriteDescriptor(string text)
    {
        var area = new byte[Header.DescriptorSectors * 512];
        var n = Encoding.UTF8.GetBytes(text, area);
        if (n > area.Length) throw new InvalidOperationException("The descriptor does not fit its area.");
        RandomAccess.Write(File, area, Header.DescriptorOffset * 512);
    }

    /// <summary>Lays out a new, empty extent the way qemu does: header, descriptor, RGD + GTs, GD + GTs, padding to a grain.</summary>
    public static void Create(string path, long capacity, string descriptor, long grainSectors = 128)
    {
        var sectors = capacity / 512;
        var gdEntries = (sectors + grainSectors * SparseExtentHeader.GtesPerGt - 1) / (grainSectors * SparseExtentHeader.GtesPerGt);
        var gdSectors = (gdEntries * 4 + 511) / 512;
        const long gtSectors = SparseExtentHeader.GtesPerGt * 4 / 512;
        var descriptorBytes = Encoding.UTF8.GetByteCount(descriptor);
        var descriptorSectors = Math.Max(DefaultDescriptorSectors, (descriptorBytes + 511) / 512);
        var rgd = 1 + descriptorSectors;
        var gd = rgd + gdSectors + gdEntries * gtSectors;
        var overhead = (gd + gdSectors + gdEntries * gtSectors + grainSectors - 1) / grainSectors * grainSectors;
        var header = new SparseExtentHeader
        {
            CapacitySectors = sectors,
            GrainSectors = grainSectors,
            DescriptorOffset = 1,
            DescriptorSectors = descriptorSectors,
            RgdOffset = rgd,
            GdOffset = gd,
            OverheadSectors = overhead,
        };
        var meta = new byte[overhead * 512];
        header.ToBytes().CopyTo(meta, 0);
        Encoding.UTF8.GetBytes(descriptor, meta.AsSpan(512));
        foreach (var dir in new[] { rgd, gd })
            for (var i = 0; i < gdEntries; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(meta.AsSpan((int)(dir * 512 + i * 4)), (uint)(dir + gdSectors + i * gtSectors));
        using var file = System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        RandomAccess.Write(file, meta, 0);
    }

    /// <summary>The primary grain table <paramref name="t"/>, or null when the directory has none.</summary>
    private uint[]? Table(long t)
    {
        if (_gd[t] == 0) return null;
        if (_tables[t] is { } loaded) return loaded;
        var bytes = new byte[SparseExtentHeader.GtesPerGt * 4];
        RandomAccess.Read(File, bytes, _gd[t] * 512L); // a table past the end reads as unallocated; check names it
        return _tables[t] = MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
    }

    protected override long Lookup(long grain)
    {
        if (grain >= _tables.LongLength * SparseExtentHeader.GtesPerGt) return Unallocated;
        var e = Table(grain / SparseExtentHeader.GtesPerGt)?[grain % SparseExtentHeader.GtesPerGt] ?? 0;
        if (e == 0) return Unallocated;
        if (e == 1 && (Header.Flags & SparseExtentHeader.FlagZeroedGrain) != 0) return ZeroGrain;
        return e * 512L;
    }

    protected override long Reserve(long grain, long count, out long reserved)
    {
        // Grain tables missing from the directory are appended first, so the grains stay contiguous.
        var first = grain / SparseExtentHeader.GtesPerGt;
        var last = (grain + count - 1) / SparseExtentHeader.GtesPerGt;
        for (var t = first; t <= last; t++) EnsureTable(t);
        if ((_end + count * GrainSize) / 512 > uint.MaxValue) throw new IOException("The sparse extent is full: grain offsets exceed 32 bits.");
        reserved = count;
        var at = _end;
        _end += count * GrainSize;
        return at;
    }

    private void EnsureTable(long t)
    {
        if (_gd[t] != 0) return;
        const int gtBytes = SparseExtentHeader.GtesPerGt * 4;
        var empty = new byte[gtBytes];
        _tables[t] = new uint[SparseExtentHeader.GtesPerGt];
        _gd[t] = (uint)(_end / 512);
        RandomAccess.Write(File, empty, _end);
        _end += gtBytes;
        WriteDirectoryEntry(Header.GdOffset, t, _gd[t]);
        if (Header.HasRedundantGd)
        {
            _rgd[t] = (uint)(_end / 512);
            RandomAccess.Write(File, empty, _end);
            _end += gtBytes;
            WriteDirectoryEntry(Header.RgdOffset, t, _rgd[t]);
        }
    }

    private void WriteDirectoryEntry(long dirSector, long index, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        RandomAccess.Write(File, b, dirSector * 512 + index * 4);
    }

    protected override void Map(long grain, long count, long fileOffset)
    {
        // Write the changed entries table by table, to the primary and the redundant copy.
        for (var g = grain; g < grain + count;)
        {
            var t = g / SparseExtentHeader.GtesPerGt;
            var table = Table(t)!;
            var tableEnd = Math.Min((t + 1) * SparseExtentHeader.GtesPerGt, grain + count);
            var start = (int)(g - t * SparseExtentHeader.GtesPerGt);
            for (var x = g; x < tableEnd; x++)
                table[x - t * SparseExtentHeader.GtesPerGt] = (uint)((fileOffset + (x - grain) * GrainSize) / 512);
            var entries = MemoryMarshal.AsBytes(table.AsSpan(start, (int)(tableEnd - g)));
            RandomAccess.Write(File, entries, _gd[t] * 512L + start * 4L);
            if (Header.HasRedundantGd) RandomAccess.Write(File, entries, _rgd[t] * 512L + start * 4L);
            g = tableEnd;
        }
    }

    protected override IEnumerable<long> StoredGrains()
    {
        // Tables not loaded yet are read into one buffer, not cached: a scan costs no memory per table.
        var bytes = new byte[SparseExtentHeader.GtesPerGt * 4];
        var scratch = new uint[SparseExtentHeader.GtesPerGt];
        for (long t = 0; t < _gd.Length; t++)
        {
            if (_gd[t] == 0) continue;
            var table = _tables[t];
            if (table is null)
            {
                Array.Clear(bytes);
                RandomAccess.Read(File, bytes, _gd[t] * 512L);
                MemoryMarshal.Cast<byte, uint>(bytes).CopyTo(scratch);
                table = scratch;
            }
            for (var i = 0; i < SparseExtentHeader.GtesPerGt; i++)
            {
                var g = t * SparseExtentHeader.GtesPerGt + i;
                var e = table[i];
                if (e == 0 || (e == 1 && (Header.Flags & SparseExtentHeader.FlagZeroedGrain) != 0) || g * GrainSize >= Capacity) continue;
                yield return g;
            }
        }
    }
}
