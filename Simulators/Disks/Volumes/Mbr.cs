using System.Buffers.Binary;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Volumes;

/// <summary>The classic MBR at LBA 0: disk signature at 440, four 16-byte entries at 446, 55 AA at 510.</summary>
public static class Mbr
{
    public const byte ProtectiveGpt = 0xEE;
    private const int Sector = 512;

    /// <summary>
    /// The partitions of a valid MBR, or null when sector 0 is not one. A file-system boot sector also ends
    /// in 55 AA, so entries must be well formed (status 00 or 80, inside the disk, not overlapping).
    /// </summary>
    public static IReadOnlyList<Partition>? Read(IBlockDevice disk)
    {
        if (disk.Capacity < Sector) return null;
        var s = new byte[Sector];
        disk.Read(0, s);
        if (s[510] != 0x55 || s[511] != 0xAA) return null;
        var sectors = disk.Capacity / Sector;
        var parts = new List<Partition>();
        for (var i = 0; i < 4; i++)
        {
            var e = s.AsSpan(446 + i * 16, 16);
            if (e[0] is not 0x00 and not 0x80) return null;
            var type = e[4];
            var start = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            if (type == 0 && start == 0 && count == 0) continue;
            if (type == 0 || start == 0 || count == 0) return null;
            // A protective GPT entry may claim more than the disk (0xFFFFFFFF); others must fit.
            if (type != ProtectiveGpt && start + (long)count > sectors) return null;
            parts.Add(new Partition(i + 1, start * (long)Sector, count * (long)Sector, MbrType: type, Bootable: e[0] == 0x80));
        }
        var ordered = parts.OrderBy(p => p.Offset).ToList();
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].Offset < ordered[i - 1].End) return null;
        return parts.Count == 0 && BinaryPrimitives.ReadUInt32LittleEndian(s.AsSpan(440)) == 0 ? null : parts;
    }

    /// <summary>Writes an MBR with up to four primary partitions (offsets and lengths in whole sectors).</summary>
    public static void Write(IBlockDevice disk, IReadOnlyList<Partition> partitions, uint diskSignature)
    {
        if (partitions.Count > 4) throw new ArgumentException($"an MBR holds at most 4 primary partitions, not {partitions.Count}.", nameof(partitions));
        var s = new byte[Sector];
        disk.Read(0, s); // keep the boot code
        s.AsSpan(440, 72).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(440), diskSignature);
        var sorted = partitions.OrderBy(p => p.Offset).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var p = sorted[i];
            Validate(p, disk.Capacity, p.MbrType == ProtectiveGpt);
            if (i > 0 && p.Offset < sorted[i - 1].End)
                throw new ArgumentException($"partition {p.Number} at {p.Offset} overlaps the one before it.", nameof(partitions));
            var e = s.AsSpan(446 + (p.Number - 1) * 16, 16);
            if (p.Number is < 1 or > 4) throw new ArgumentException($"MBR partition numbers are 1 to 4, not {p.Number}.", nameof(partitions));
            var first = p.Offset / Sector;
            var count = Math.Min(p.Length / Sector, uint.MaxValue);
            e[0] = p.Bootable ? (byte)0x80 : (byte)0;
            Chs(first).CopyTo(e[1..]);
            e[4] = p.MbrType;
            Chs(first + count - 1).CopyTo(e[5..]);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)first);
            BinaryPrimitives.WriteUInt32LittleEndian(e[12..], (uint)count);
        }
        s[510] = 0x55;
        s[511] = 0xAA;
        disk.Write(0, s);
    }

    private static void Validate(Partition p, long capacity, bool protective)
    {
        if (p.Offset <= 0 || p.Offset % Sector != 0 || p.Length <= 0 || p.Length % Sector != 0)
            throw new ArgumentException($"partition {p.Number} must start after sector 0 and cover whole 512-byte sectors.");
        if (!protective && p.End > capacity)
            throw new ArgumentException($"partition {p.Number} ends at {p.End}, past the disk's {capacity} bytes.");
        if (p.Offset / Sector > uint.MaxValue || (!protective && p.End / Sector > uint.MaxValue))
            throw new ArgumentException($"partition {p.Number} lies beyond the 2 TiB an MBR can address; use GPT.");
        if (p.MbrType == 0) throw new ArgumentException($"partition {p.Number} needs an MBR type (07 NTFS/exFAT, 0C FAT32, 83 Linux).");
    }

    /// <summary>CHS for 255 heads / 63 sectors, or the 1023/254/63 marker beyond what CHS can address.</summary>
    private static byte[] Chs(long lba)
    {
        const int heads = 255, spt = 63;
        var c = lba / (heads * spt);
        if (c > 1023) return [0xFE, 0xFF, 0xFF];
        var h = lba / spt % heads;
        var sct = lba % spt + 1;
        return [(byte)h, (byte)(sct | ((c >> 2) & 0xC0)), (byte)(c & 0xFF)];
    }
}
