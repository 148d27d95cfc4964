using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Failback.Simulators.Disks.Layers;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>
/// An ESX vmfsSparse delta (COWD). Grain tables are allocated on first use at the header's freeSector, so
/// a snapshot of a 100 GiB disk starts at a few KiB; unallocated grains read from the parent link.
/// </summary>
internal sealed class CowdExtent : GrainedLayer
{
    private readonly uint[] _gd;
    private readonly Dictionary<uint, uint[]> _tables = []; // directory index -> loaded grain table
    private long _free; // next free sector

    public CowdHeader Header { get; }

    private CowdExtent(SafeFileHandle file, CowdHeader header, uint[] gd) : base(file)
    {
        Header = header;
        _gd = gd;
        _free = Math.Max(header.FreeSector, (RandomAccess.GetLength(file) + 511) / 512);
    }

    public override long Capacity => Header.CapacitySectors * 512L;

    protected override long GrainSize => Header.GrainBytes;

    public static CowdExtent Open(SafeFileHandle file, string source)
    {
        var head = new byte[CowdHeader.Size];
        var read = RandomAccess.Read(file, head, 0);
        var header = CowdHeader.Parse(head.AsSpan(0, read), source);
        if (header.DirectoryPastEnd(RandomAccess.GetLength(file), source) is { } error) throw error;
        return new CowdExtent(file, header, HostedSparseExtent.ReadDirectory(file, header.GdOffset, header.GdEntries));
    }

    public static void Create(string path, long capacity, string parentFileName, uint grainSectors = 1)
    {
        if (capacity > FormatLimits.SparseVmdk)
            throw new ArgumentException(
                $"a vmfsSparse snapshot holds at most {Sizes.Format(FormatLimits.SparseVmdk)} (32-bit sector offsets); this disk has {Sizes.Format(capacity)}.",
                nameof(capacity));
        var sectors = (uint)(capacity / 512);
        var entries = CowdHeader.EntriesFor(sectors, grainSectors);
        var header = new CowdHeader
        {
            CapacitySectors = sectors,
            GrainSectors = grainSectors,
            GdEntries = entries,
            FreeSector = (uint)(CowdHeader.Size / 512 + (entries * 4L + 511) / 512),
            ParentFileName = parentFileName,
            Generation = 1,
        };
        var bytes = new byte[header.FreeSector * 512L];
        header.ToBytes().CopyTo(bytes, 0);
        using var file = System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        RandomAccess.Write(file, bytes, 0);
    }

    private uint[]? Table(long index)
    {
        var i = (uint)index;
        if (_gd[i] == 0) return null;
        if (!_tables.TryGetValue(i, out var table))
        {
            var bytes = new byte[CowdHeader.GtesPerGt * 4];
            RandomAccess.Read(File, bytes, _gd[i] * 512L);
            table = MemoryMarshal.Cast<byte, uint>(bytes).ToArray();
            _tables[i] = table;
        }
        return table;
    }

    protected override long Lookup(long grain)
    {
        var table = Table(grain / CowdHeader.GtesPerGt);
        var e = table?[grain % CowdHeader.GtesPerGt] ?? 0;
        return e == 0 ? Unallocated : e * 512L;
    }

    protected override long Reserve(long grain, long count, out long reserved)
    {
        var first = grain / CowdHeader.GtesPerGt;
        var last = (grain + count - 1) / CowdHeader.GtesPerGt;
        Span<byte> entry = stackalloc byte[4];
        for (var t = first; t <= last; t++)
        {
            if (_gd[t] != 0) continue;
            _gd[t] = (uint)_free;
            _tables[(uint)t] = new uint[CowdHeader.GtesPerGt];
            RandomAccess.Write(File, new byte[CowdHeader.GtesPerGt * 4], _free * 512);
            _free += CowdHeader.GtesPerGt * 4 / 512;
            BinaryPrimitives.WriteUInt32LittleEndian(entry, _gd[t]);
            RandomAccess.Write(File, entry, Header.GdOffset * 512L + t * 4);
        }
        if (_free + count * Header.GrainSectors > uint.MaxValue) throw new IOException("The delta is full: sector offsets exceed 32 bits.");
        reserved = count;
        var at = _free * 512;
        _free += count * Header.GrainSectors;
        WriteFreeSector();
        return at;
    }

    private void WriteFreeSector()
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)_free);
        RandomAccess.Write(File, b, 28);
    }

    protected override void Map(long grain, long count, long fileOffset)
    {
        for (var g = grain; g < grain + count;)
        {
            var t = g / CowdHeader.GtesPerGt;
            var table = _tables[(uint)t];
            var tableEnd = Math.Min((t + 1) * CowdHeader.GtesPerGt, grain + count);
            var start = (int)(g - t * CowdHeader.GtesPerGt);
            for (var x = g; x < tableEnd; x++)
                table[x - t * CowdHeader.GtesPerGt] = (uint)((fileOffset + (x - grain) * GrainSize) / 512);
            var entries = MemoryMarshal.AsBytes(table.AsSpan(start, (int)(tableEnd - g)));
            RandomAccess.Write(File, entries, _gd[t] * 512L + start * 4L);
            g = tableEnd;
        }
    }

    protected override IEnumerable<long> StoredGrains()
    {
        for (long t = 0; t < _gd.Length; t++)
        {
            var table = Table(t);
            if (table is null) continue;
            for (var i = 0; i < table.Length; i++)
            {
                var g = t * CowdHeader.GtesPerGt + i;
                if (table[i] != 0 && g * GrainSize < Capacity) yield return g;
            }
        }
    }
}
