using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Volumes;

/// <summary>
/// GUID partition table: protective MBR, header at LBA 1 with 128 entries of 128 bytes from LBA 2, and the
/// backup entries and header at the end of the disk. CRC32 (IEEE) over header and entries.
/// </summary>
public static class Gpt
{
    private const int Sector = 512, Entries = 128, EntrySize = 128;
    private const int EntrySectors = Entries * EntrySize / Sector; // 32
    private static ReadOnlySpan<byte> Signature => "EFI PART"u8;

    public static IReadOnlyList<Partition>? Read(IBlockDevice disk)
    {
        if (disk.Capacity < Sector * (2 + EntrySectors)) return null;
        var header = new byte[Sector];
        disk.Read(Sector, header);
        if (!header.AsSpan(0, 8).SequenceEqual(Signature)) return null;
        var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        if (size is < 92 or > Sector) return null;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        var copy = header.AsSpan(0, size).ToArray();
        copy.AsSpan(16, 4).Clear();
        if (Crc32.HashToUInt32(copy) != crc) return null;
        var entriesLba = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(72));
        var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(80));
        var entrySize = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(84));
        if (count is < 0 or > 1024 || entrySize is < 128 or > 1024) return null;
        var table = new byte[count * entrySize];
        disk.Read(entriesLba * Sector, table);
        if (Crc32.HashToUInt32(table) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(88))) return null;
        var parts = new List<Partition>();
        for (var i = 0; i < count; i++)
        {
            var e = table.AsSpan(i * entrySize, entrySize);
            var type = new Guid(e[..16]);
            if (type == Guid.Empty) continue;
            var first = BinaryPrimitives.ReadInt64LittleEndian(e[32..]);
            var last = BinaryPrimitives.ReadInt64LittleEndian(e[40..]);
            var name = Encoding.Unicode.GetString(e.Slice(56, 72)).TrimEnd('\0');
            parts.Add(new Partition(i + 1, first * Sector, (last - first + 1) * Sector, GptType: type, UniqueId: new Guid(e.Slice(16, 16)), Name: name));
        }
        return parts;
    }

    /// <summary>The first and last usable bytes for partitions on a disk of this size.</summary>
    public static (long First, long End) UsableRange(long capacity) =>
        ((2 + EntrySectors) * Sector, (capacity / Sector - 1 - EntrySectors) * Sector);

    /// <summary>Writes protective MBR, primary and backup GPT. Partition unique ids default to ones derived from the disk GUID.</summary>
    public static void Write(IBlockDevice disk, IReadOnlyList<Partition> partitions, Guid diskGuid)
    {
        var lastLba = disk.Capacity / Sector - 1;
        var (first, end) = UsableRange(disk.Capacity);
        if (partitions.Count > Entries) throw new ArgumentException($"a GPT holds at most {Entries} partitions.", nameof(partitions));
        var table = new byte[Entries * EntrySize];
        var sorted = partitions.OrderBy(p => p.Offset).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var p = sorted[i];
            if (p.Offset < first || p.End > end || p.Offset % Sector != 0 || p.Length <= 0 || p.Length % Sector != 0)
                throw new ArgumentException($"partition {p.Number} [{p.Offset}, {p.End}) must cover whole sectors within the usable range [{first}, {end}).", nameof(partitions));
            if (i > 0 && p.Offset < sorted[i - 1].End) throw new ArgumentException($"partition {p.Number} overlaps the one before it.", nameof(partitions));
            if (p.Number is < 1 or > Entries) throw new ArgumentException($"GPT partition numbers are 1 to {Entries}, not {p.Number}.", nameof(partitions));
            if (p.GptType == Guid.Empty) throw new ArgumentException($"partition {p.Number} needs a GPT type GUID.", nameof(partitions));
            var e = table.AsSpan((p.Number - 1) * EntrySize, EntrySize);
            p.GptType.TryWriteBytes(e);
            (p.UniqueId != Guid.Empty ? p.UniqueId : DerivedId(diskGuid, p.Number)).TryWriteBytes(e[16..]);
            BinaryPrimitives.WriteInt64LittleEndian(e[32..], p.Offset / Sector);
            BinaryPrimitives.WriteInt64LittleEndian(e[40..], p.End / Sector - 1);
            Encoding.Unicode.GetBytes(p.Name.Length > 36 ? p.Name[..36] : p.Name, e.Slice(56, 72));
        }
        var tableCrc = Crc32.HashToUInt32(table);
        var backupEntries = lastLba - EntrySectors;
        Mbr.Write(disk, [new Partition(1, Sector, Math.Min(lastLba, uint.MaxValue) * Sector, MbrType: Mbr.ProtectiveGpt)], 0);
        disk.Write(2L * Sector, table);
        disk.Write(backupEntries * Sector, table);
        disk.Write(Sector, Header(1, lastLba, first / Sector, end / Sector - 1, diskGuid, 2, tableCrc));
        disk.Write(lastLba * Sector, Header(lastLba, 1, first / Sector, end / Sector - 1, diskGuid, backupEntries, tableCrc));
    }

    private static byte[] Header(long self, long alternate, long firstUsable, long lastUsable, Guid diskGuid, long entriesLba, uint tableCrc)
    {
        var h = new byte[Sector];
        Signature.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), 0x00010000);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(12), 92);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(24), self);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(32), alternate);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(40), firstUsable);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(48), lastUsable);
        diskGuid.TryWriteBytes(h.AsSpan(56));
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(72), entriesLba);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(80), Entries);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(84), EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(88), tableCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), Crc32.HashToUInt32(h.AsSpan(0, 92)));
        return h;
    }

    private static Guid DerivedId(Guid disk, int number)
    {
        var seed = new byte[20];
        disk.TryWriteBytes(seed);
        BinaryPrimitives.WriteInt32LittleEndian(seed.AsSpan(16), number);
        var b = XxHash128.Hash(seed);
        b[7] = (byte)(b[7] & 0x0f | 0x40);
        b[8] = (byte)(b[8] & 0x3f | 0x80);
        return new Guid(b);
    }
}
