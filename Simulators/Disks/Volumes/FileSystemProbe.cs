using System.Buffers.Binary;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Volumes;

/// <summary>
/// Names the file system of a volume by its on-disk signatures. FAT's type is decided by cluster count,
/// never by the informational "FAT32" string; exFAT and NTFS are told apart by their OEM id first.
/// </summary>
public static class FileSystemProbe
{
    public static FileSystemKind Probe(IBlockDevice disk, long offset = 0, long? length = null)
    {
        var size = length ?? disk.Capacity - offset;
        if (size < 512) return FileSystemKind.Unknown;
        var boot = ReadAt(disk, offset, 512, size);
        if (boot.AsSpan(3, 8).SequenceEqual("EXFAT   "u8) && boot.AsSpan(11, 53).IndexOfAnyExcept((byte)0) < 0) return FileSystemKind.ExFat;
        if (boot.AsSpan(3, 8).SequenceEqual("NTFS    "u8) && ValidSectorSize(BinaryPrimitives.ReadUInt16LittleEndian(boot.AsSpan(11)))) return FileSystemKind.Ntfs;
        if (boot.AsSpan(0, 4).SequenceEqual("XFSB"u8)) return FileSystemKind.Xfs;
        if (Fat(boot) is { } fat) return fat;
        if (size >= 2048)
        {
            var sb = ReadAt(disk, offset + 1024, 1024, size - 1024);
            if (BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(0x38)) == 0xEF53) return Ext(sb);
        }
        foreach (var at in new long[] { 65536, 8192 })
        {
            if (size < at + 64) continue;
            var magic = ReadAt(disk, offset + at + 52, 10, size - at - 52);
            if (magic.AsSpan(0, 8).SequenceEqual("ReIsErFs"u8) || magic.AsSpan(0, 9).SequenceEqual("ReIsEr2Fs"u8) || magic.AsSpan(0, 9).SequenceEqual("ReIsEr3Fs"u8))
                return FileSystemKind.ReiserFs;
        }
        return FileSystemKind.Unknown;
    }

    private static byte[] ReadAt(IBlockDevice disk, long offset, int count, long available)
    {
        var b = new byte[count];
        var n = (int)Math.Min(count, Math.Min(available, disk.Capacity - offset));
        if (n > 0) disk.Read(offset, b.AsSpan(0, n));
        return b;
    }

    private static bool ValidSectorSize(int s) => s is 512 or 1024 or 2048 or 4096;

    /// <summary>FAT12/16/32 by the cluster count of a sane BPB (Microsoft's FAT specification, "FAT type determination").</summary>
    private static FileSystemKind? Fat(byte[] b)
    {
        if (!(b[0] == 0xEB && b[2] == 0x90 || b[0] == 0xE9)) return null;
        if (b[510] != 0x55 || b[511] != 0xAA) return null;
        int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(11));
        int spc = b[13];
        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(14));
        int fats = b[16];
        int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(17));
        long total = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(19));
        if (total == 0) total = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(32));
        long fatSize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(22));
        if (fatSize == 0) fatSize = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(36));
        if (!ValidSectorSize(bytesPerSector) || spc == 0 || (spc & (spc - 1)) != 0 || reserved == 0 || fats == 0 || total == 0 || fatSize == 0) return null;
        var rootSectors = (rootEntries * 32L + bytesPerSector - 1) / bytesPerSector;
        var dataSectors = total - reserved - fats * fatSize - rootSectors;
        if (dataSectors <= 0) return null;
        var clusters = dataSectors / spc;
        return clusters < 4085 ? FileSystemKind.Fat12 : clusters < 65525 ? FileSystemKind.Fat16 : FileSystemKind.Fat32;
    }

    /// <summary>ext2/3/4 by feature flags, as blkid decides: ext4 has a feature ext3 lacks; ext3 has a journal.</summary>
    private static FileSystemKind Ext(byte[] sb)
    {
        var compat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(0x5C));
        var incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(0x60));
        var roCompat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(0x64));
        const uint ext3Incompat = 0x0002 | 0x0004 | 0x0010; // filetype, recover, meta_bg
        const uint ext3RoCompat = 0x0001 | 0x0002 | 0x0004; // sparse_super, large_file, btree_dir
        if ((incompat & ~ext3Incompat) != 0 || (roCompat & ~ext3RoCompat) != 0) return FileSystemKind.Ext4;
        return (compat & 0x4) != 0 ? FileSystemKind.Ext3 : FileSystemKind.Ext2;
    }
}
