using System.Buffers.Binary;
using Failback.Simulators.Disks.Layers;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Vhd;

/// <summary>
/// A dynamic VHD: footer copy, cxsparse header, BAT, then blocks (sector bitmap + data) appended where the
/// footer was, the footer moving to the new end. New blocks get an all-ones bitmap, as qemu writes them.
/// </summary>
internal sealed class DynamicVhdLayer : GrainedLayer
{
    private readonly uint[] _bat;
    private readonly byte[] _footer;
    private long _next; // where the next block goes: the current footer position

    public VhdFooter Footer { get; }
    public VhdDynamicHeader Header { get; }

    private DynamicVhdLayer(SafeFileHandle file, VhdFooter footer, VhdDynamicHeader header, uint[] bat) : base(file)
    {
        Footer = footer;
        Header = header;
        _bat = bat;
        _footer = footer.ToBytes();
        _next = Math.Max(RandomAccess.GetLength(file) - VhdFooter.Size,
            header.TableOffset + ((long)header.MaxTableEntries * 4 + 511) / 512 * 512);
    }

    public override long Capacity => Footer.CurrentSize;

    protected override long GrainSize => Header.BlockSize;

    public static DynamicVhdLayer Open(SafeFileHandle file, VhdFooter footer, string source)
    {
        var header = ReadHeader(file, footer, source);
        foreach (var (_, error) in header.LayoutProblems(footer, RandomAccess.GetLength(file), source)) throw error;
        var bytes = new byte[header.MaxTableEntries * 4L];
        RandomAccess.Read(file, bytes, header.TableOffset);
        var bat = new uint[header.MaxTableEntries];
        for (var i = 0; i < bat.Length; i++) bat[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i * 4));
        return new DynamicVhdLayer(file, footer, header, bat);
    }

    /// <summary>The cxsparse header the footer's data offset points at, which must lie inside the file.</summary>
    internal static VhdDynamicHeader ReadHeader(SafeFileHandle file, VhdFooter footer, string source)
    {
        var length = RandomAccess.GetLength(file);
        if (footer.DataOffset < VhdFooter.Size || footer.DataOffset > long.MaxValue / 2
            || (long)footer.DataOffset + VhdDynamicHeader.Size > length - VhdFooter.Size)
            throw new BadImageException(source, "the VHD footer's data offset", footer.DataOffset,
                $"a dynamic VHD's header lies between byte 512 and the footer at {length - VhdFooter.Size}");
        var hb = new byte[VhdDynamicHeader.Size];
        RandomAccess.Read(file, hb, (long)footer.DataOffset);
        return VhdDynamicHeader.Parse(hb, source);
    }

    public static void Create(string path, VhdFooter footer)
    {
        var entries = (uint)((footer.CurrentSize + VhdDynamicHeader.DefaultBlockSize - 1) / VhdDynamicHeader.DefaultBlockSize);
        var header = new VhdDynamicHeader { TableOffset = 3 * 512, MaxTableEntries = entries };
        var batBytes = (entries * 4L + 511) / 512 * 512;
        var image = new byte[header.TableOffset + batBytes + VhdFooter.Size];
        var f = footer.ToBytes();
        f.CopyTo(image, 0);
        header.ToBytes().CopyTo(image, 512);
        image.AsSpan((int)header.TableOffset, (int)batBytes).Fill(0xff);
        f.CopyTo(image, image.Length - VhdFooter.Size);
        using var file = System.IO.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        RandomAccess.Write(file, image, 0);
    }

    protected override long Lookup(long grain)
    {
        var e = _bat[grain];
        return e == uint.MaxValue ? Unallocated : e * 512L + Header.BitmapBytes;
    }

    protected override long Reserve(long grain, long count, out long reserved)
    {
        // Each block carries its own bitmap, so blocks are never contiguous: one at a time.
        reserved = 1;
        var block = _next;
        var bitmap = new byte[Header.BitmapBytes];
        bitmap.AsSpan().Fill(0xff);
        RandomAccess.Write(File, bitmap, block);
        _next = block + Header.BitmapBytes + Header.BlockSize;
        // The footer moves first, so the file never lacks one at its end.
        RandomAccess.Write(File, _footer, _next);
        return block + Header.BitmapBytes;
    }

    /// <summary>A new block lies between the old footer position and the moved footer: a hole until written.</summary>
    protected override bool ReservedSpaceReadsZeros => true;

    protected override void Map(long grain, long count, long fileOffset)
    {
        _bat[grain] = (uint)((fileOffset - Header.BitmapBytes) / 512);
        Span<byte> entry = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(entry, _bat[grain]);
        RandomAccess.Write(File, entry, Header.TableOffset + grain * 4);
    }

    protected override IEnumerable<long> StoredGrains()
    {
        for (long i = 0; i < _bat.Length; i++)
            if (_bat[i] != uint.MaxValue) yield return i;
    }
}
