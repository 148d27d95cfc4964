using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Volumes;

/// <summary>
/// Formats a volume with the minimal valid structures of NTFS (boot sector, backup, first MFT records),
/// FAT32 (boot sector, FSInfo, backups, both FATs, root directory) or ext4 (primary superblock), enough
/// for <c>blkid -p</c> and our probe to recognise it. Old signatures at the start are wiped first.
/// </summary>
public static class VolumeFormatter
{
    private const int Sector = 512;

    public static void Format(IBlockDevice disk, long offset, long length, FileSystemKind kind, string label = "", uint? serial = null)
    {
        if (offset < 0 || length <= 0 || offset % Sector != 0 || length % Sector != 0 || offset + length > disk.Capacity)
            throw new ArgumentException($"volume [{offset}, {offset + length}) must cover whole sectors inside the disk of {disk.Capacity} bytes.");
        var id = serial ?? XxHash32.HashToUInt32(BitConverter.GetBytes(offset ^ length ^ (long)kind));
        switch (kind)
        {
            case FileSystemKind.Fat32: FormatFat32(disk, offset, length, label, id); break;
            case FileSystemKind.Ntfs: FormatNtfs(disk, offset, length, label, id); break;
            case FileSystemKind.Ext4: FormatExt4(disk, offset, length, label, id); break;
            default: throw new ArgumentException($"formatting {kind} is not supported; use Ntfs, Fat32 or Ext4.", nameof(kind));
        }
    }

    /// <summary>Zeroes a range, writing only where something is stored, so a thin disk stays thin.</summary>
    private static void Wipe(IBlockDevice disk, long offset, long length)
    {
        var buffer = new byte[Math.Min(length, 1024 * 1024)];
        for (var at = offset; at < offset + length; at += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, offset + length - at);
            var span = buffer.AsSpan(0, n);
            disk.Read(at, span);
            if (span.IndexOfAnyExcept((byte)0) < 0) continue;
            span.Clear();
            disk.Write(at, span);
        }
    }

    private static byte[] Padded(string text, int size)
    {
        var b = new byte[size];
        b.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes(text.ToUpperInvariant().AsSpan(0, Math.Min(text.Length, size)), b);
        return b;
    }

    private static void FormatFat32(IBlockDevice disk, long offset, long length, string label, uint serial)
    {
        var total = length / Sector;
        var spc = length <= 260 * Sizes.MiB ? 1 : length <= 8 * Sizes.GiB ? 8 : length <= 16 * Sizes.GiB ? 16 : length <= 32 * Sizes.GiB ? 32 : 64;
        const int reserved = 32, fats = 2;
        // Microsoft's FAT32 sizing formula (fatgen103).
        var fatSize = (total - reserved + (256L * spc + fats) / 2 - 1) / ((256L * spc + fats) / 2);
        var clusters = (total - reserved - fats * fatSize) / spc;
        if (clusters < 65525 || total > uint.MaxValue)
            throw new ArgumentException($"a FAT32 volume needs 65525 to 2^32 clusters; {Sizes.Format(length)} gives {clusters}. Use at least 33MiB.");
        Wipe(disk, offset, Math.Min(length, (reserved + fats * fatSize + spc) * Sector));

        var boot = new byte[Sector];
        boot[0] = 0xEB; boot[1] = 0x58; boot[2] = 0x90;
        "MSWIN4.1"u8.CopyTo(boot.AsSpan(3));
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(11), Sector);
        boot[13] = (byte)spc;
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(14), reserved);
        boot[16] = fats;
        boot[21] = 0xF8;
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(24), 63);
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(26), 255);
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(28), (uint)Math.Min(offset / Sector, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(32), (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(36), (uint)fatSize);
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(44), 2); // root directory cluster
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(48), 1); // FSInfo sector
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(50), 6); // backup boot sector
        boot[64] = 0x80;
        boot[66] = 0x29;
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(67), serial);
        Padded(label.Length == 0 ? "NO NAME" : label, 11).CopyTo(boot, 71);
        "FAT32   "u8.CopyTo(boot.AsSpan(82));
        boot[510] = 0x55; boot[511] = 0xAA;

        var fsInfo = new byte[Sector];
        BinaryPrimitives.WriteUInt32LittleEndian(fsInfo, 0x41615252);
        BinaryPrimitives.WriteUInt32LittleEndian(fsInfo.AsSpan(484), 0x61417272);
        BinaryPrimitives.WriteUInt32LittleEndian(fsInfo.AsSpan(488), (uint)(clusters - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(fsInfo.AsSpan(492), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(fsInfo.AsSpan(508), 0xAA550000);

        disk.Write(offset, boot);
        disk.Write(offset + Sector, fsInfo);
        disk.Write(offset + 6 * Sector, boot);
        disk.Write(offset + 7 * Sector, fsInfo);
        var fat = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(fat, 0x0FFFFFF8);
        BinaryPrimitives.WriteUInt32LittleEndian(fat.AsSpan(4), 0x0FFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(fat.AsSpan(8), 0x0FFFFFFF); // root directory: one cluster, end of chain
        for (var f = 0; f < fats; f++) disk.Write(offset + (reserved + f * fatSize) * Sector, fat);
        if (label.Length > 0)
        {
            var entry = new byte[32];
            Padded(label, 11).CopyTo(entry, 0);
            entry[11] = 0x08; // volume label
            disk.Write(offset + (reserved + fats * fatSize) * Sector, entry);
        }
    }

    private static void FormatNtfs(IBlockDevice disk, long offset, long length, string label, uint serial)
    {
        const int spc = 8, cluster = spc * Sector, record = 1024;
        var total = length / Sector;
        if (length < 1 * Sizes.MiB) throw new ArgumentException($"an NTFS volume needs at least 1MiB, not {Sizes.Format(length)}.");
        const long mftLcn = 4, mirrorLcn = 2;
        Wipe(disk, offset, Math.Min(length, (mftLcn * cluster) + 4 * record));

        var boot = new byte[Sector];
        boot[0] = 0xEB; boot[1] = 0x52; boot[2] = 0x90;
        "NTFS    "u8.CopyTo(boot.AsSpan(3));
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(11), Sector);
        boot[13] = spc;
        boot[21] = 0xF8;
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(24), 63);
        BinaryPrimitives.WriteUInt16LittleEndian(boot.AsSpan(26), 255);
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(28), (uint)Math.Min(offset / Sector, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(boot.AsSpan(36), 0x00800080);
        BinaryPrimitives.WriteInt64LittleEndian(boot.AsSpan(40), total - 1); // the last sector holds the backup boot sector
        BinaryPrimitives.WriteInt64LittleEndian(boot.AsSpan(48), mftLcn);
        BinaryPrimitives.WriteInt64LittleEndian(boot.AsSpan(56), mirrorLcn);
        boot[64] = 0xF6; // 2^10 = 1024-byte MFT records
        boot[68] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(boot.AsSpan(72), (ulong)serial << 32 | serial);
        boot[510] = 0x55; boot[511] = 0xAA;
        disk.Write(offset, boot);
        disk.Write(offset + length - Sector, boot);

        // $MFT, $MFTMirr, $LogFile, $Volume: the records blkid reads ("FILE" at record 0 and 3, the label in 3).
        var records = new byte[4 * record];
        for (var i = 0; i < 4; i++) MftRecord(records.AsSpan(i * record, record), i, i == 3 ? label : null);
        disk.Write(offset + mftLcn * cluster, records);
        disk.Write(offset + mirrorLcn * cluster, records);
    }

    private static void MftRecord(Span<byte> r, int number, string? volumeLabel)
    {
        "FILE"u8.CopyTo(r);
        BinaryPrimitives.WriteUInt16LittleEndian(r[4..], 0x30); // update sequence array offset
        BinaryPrimitives.WriteUInt16LittleEndian(r[6..], 3);    // USN + one entry per sector
        BinaryPrimitives.WriteUInt16LittleEndian(r[16..], 1);   // sequence number
        BinaryPrimitives.WriteUInt16LittleEndian(r[18..], 1);   // hard links
        BinaryPrimitives.WriteUInt16LittleEndian(r[20..], 0x38); // first attribute
        BinaryPrimitives.WriteUInt16LittleEndian(r[22..], 1);   // in use
        BinaryPrimitives.WriteUInt32LittleEndian(r[28..], (uint)r.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(r[44..], (uint)number);
        var at = 0x38;
        if (volumeLabel is not null)
        {
            var name = Encoding.Unicode.GetBytes(volumeLabel);
            at += Attribute(r[at..], 0x60, name, 0);
            var info = new byte[12];
            info[8] = 3; info[9] = 1; // NTFS 3.1
            at += Attribute(r[at..], 0x70, info, 1);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(r[at..], 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(r[24..], (uint)(at + 8));
        BinaryPrimitives.WriteUInt16LittleEndian(r[40..], 2);
        // Update sequence: the last two bytes of each sector move into the array, replaced by the USN.
        const ushort usn = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(r[0x30..], usn);
        for (var s = 0; s < r.Length / Sector; s++)
        {
            var end = (s + 1) * Sector - 2;
            r.Slice(end, 2).CopyTo(r[(0x32 + s * 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(r[end..], usn);
        }
    }

    /// <summary>A resident attribute; returns its 8-aligned length.</summary>
    private static int Attribute(Span<byte> a, uint type, byte[] value, ushort id)
    {
        var length = (0x18 + value.Length + 7) / 8 * 8;
        BinaryPrimitives.WriteUInt32LittleEndian(a, type);
        BinaryPrimitives.WriteUInt32LittleEndian(a[4..], (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(a[10..], 0x18);
        BinaryPrimitives.WriteUInt16LittleEndian(a[14..], id);
        BinaryPrimitives.WriteUInt32LittleEndian(a[16..], (uint)value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(a[20..], 0x18);
        value.CopyTo(a[0x18..]);
        return length;
    }

    private static void FormatExt4(IBlockDevice disk, long offset, long length, string label, uint serial)
    {
        const int block = 4096, blocksPerGroup = 32768, inodeSize = 256;
        var blocks = length / block;
        if (blocks < 64) throw new ArgumentException($"an ext4 volume needs at least 256KiB, not {Sizes.Format(length)}.");
        if (blocks > uint.MaxValue) throw new ArgumentException("ext4 volumes over 16 TiB need the 64bit feature, which the minimal formatter does not write.");
        var groups = (blocks + blocksPerGroup - 1) / blocksPerGroup;
        var inodesPerGroup = (int)Math.Min(8192, Math.Max(16, Math.Min(blocks, blocksPerGroup) * block / 16384 / 8 * 8));
        var inodes = groups * inodesPerGroup;
        var overhead = groups * (2 + inodesPerGroup * inodeSize / block) + 2;
        Wipe(disk, offset, Math.Min(length, 128 * 1024));

        var sb = new byte[1024];
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x00), (uint)inodes);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x04), (uint)blocks);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x08), (uint)(blocks / 20));
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x0C), (uint)Math.Max(0, blocks - overhead));
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x10), (uint)(inodes - 11));
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x14), 0);          // first data block (4 KiB blocks)
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x18), 2);          // log2(block) - 10
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x1C), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x20), blocksPerGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x24), blocksPerGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x28), (uint)inodesPerGroup);
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x36), 0xFFFF);     // max mount count: unchecked
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x38), 0xEF53);
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x3A), 1);          // clean
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x3C), 1);          // errors: continue
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x4C), 1);          // dynamic revision
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x54), 11);         // first inode
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x58), inodeSize);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x5C), 0x0008 | 0x0020);                   // ext_attr, dir_index
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x60), 0x0002 | 0x0040 | 0x0200);          // filetype, extents, flex_bg
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(0x64), 0x0001 | 0x0002 | 0x0008 | 0x0020 | 0x0040); // sparse_super, large_file, huge_file, dir_nlink, extra_isize
        var uuid = XxHash128.Hash(BitConverter.GetBytes((ulong)serial << 32 | (uint)offset));
        uuid[6] = (byte)(uuid[6] & 0x0f | 0x40);
        uuid[8] = (byte)(uuid[8] & 0x3f | 0x80);
        uuid.CopyTo(sb, 0x68);
        Encoding.UTF8.GetBytes(label.AsSpan(0, Math.Min(label.Length, 16)), sb.AsSpan(0x78, 16));
        XxHash128.Hash(uuid).CopyTo(sb, 0xEC);                                 // directory hash seed
        sb[0xFC] = 1;                                                          // half_md4
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x15C), 32);        // min extra isize
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(0x15E), 32);        // want extra isize
        sb[0x174] = 4;                                                         // log2 groups per flex group
        disk.Write(offset + 1024, sb);
    }
}
