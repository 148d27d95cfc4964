using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Volumes;
using Xunit;

namespace Failback.Disks.Tests;

/// <summary>Partition tables and file-system signatures, judged by mkfs.*, blkid, sfdisk and sgdisk.</summary>
public class VolumeTests
{
    private static string Truncated(Scratch s, string name, long size)
    {
        using (var f = File.Create(s[name])) f.SetLength(size);
        return s[name];
    }

    public static TheoryData<string, string[], long, FileSystemKind> MkfsImages => new()
    {
        { "mkfs.fat", ["-F", "12"], 4 * Sizes.MiB, FileSystemKind.Fat12 },
        { "mkfs.fat", ["-F", "16"], 32 * Sizes.MiB, FileSystemKind.Fat16 },
        { "mkfs.fat", ["-F", "32"], 64 * Sizes.MiB, FileSystemKind.Fat32 },
        { "mkfs.exfat", [], 16 * Sizes.MiB, FileSystemKind.ExFat },
        { "mkfs.ntfs", ["-F", "-f", "-q"], 16 * Sizes.MiB, FileSystemKind.Ntfs },
        { "mkfs.ext2", ["-q", "-F"], 16 * Sizes.MiB, FileSystemKind.Ext2 },
        { "mkfs.ext3", ["-q", "-F"], 16 * Sizes.MiB, FileSystemKind.Ext3 },
        { "mkfs.ext4", ["-q", "-F"], 16 * Sizes.MiB, FileSystemKind.Ext4 },
        { "mkfs.xfs", ["-q", "-f"], 300 * Sizes.MiB, FileSystemKind.Xfs },
        { "mkreiserfs", ["-q", "-f", "-f"], 64 * Sizes.MiB, FileSystemKind.ReiserFs },
    };

    [Theory]
    [MemberData(nameof(MkfsImages))]
    public void ProbeNamesWhatMkfsMade(string mkfs, string[] args, long size, FileSystemKind expected)
    {
        using var s = new Scratch();
        var path = Truncated(s, "fs.img", size);
        Tool.Ok(mkfs, [.. args, path]);
        using var disk = DiskImage.Open(path, writable: false);
        Assert.Equal(expected, FileSystemProbe.Probe(disk));
        Assert.Equal(PartitionStyle.None, VolumeManager.DetectStyle(disk));
    }

    [Theory]
    [InlineData(FileSystemKind.Ntfs, "ntfs")]
    [InlineData(FileSystemKind.Fat32, "vfat")]
    [InlineData(FileSystemKind.Ext4, "ext4")]
    public void BlkidRecognisesWhatWeFormat(FileSystemKind kind, string blkidType)
    {
        using var s = new Scratch();
        using (var disk = DiskImage.Create(s["v.img"], DiskFormat.Raw, 40 * Sizes.MiB))
        {
            VolumeFormatter.Format(disk, 0, disk.Capacity, kind, "DATA");
            Assert.Equal(kind, FileSystemProbe.Probe(disk));
        }
        Assert.Equal(blkidType, Tool.Ok("blkid", "-p", "-o", "value", "-s", "TYPE", s["v.img"]).Trim());
        if (kind != FileSystemKind.Ext4) Assert.Contains("DATA", Tool.Ok("blkid", "-p", "-o", "value", "-s", "LABEL", s["v.img"]));
        if (kind == FileSystemKind.Fat32) Tool.Ok("fsck.fat", "-n", s["v.img"]);
    }

    [Fact]
    public void GptWeWriteIsValidForSgdiskAndHoldsFormattedVolumesInsideAVmdk()
    {
        using var s = new Scratch();
        var path = s["vm.vmdk"];
        var diskGuid = new Guid("6f1b8c2e-4a3d-4e5f-8a9b-0c1d2e3f4a5b");
        using (var disk = DiskImage.Create(path, DiskFormat.VmdkSparse, 128 * Sizes.MiB))
        {
            Gpt.Write(disk, [
                new Partition(1, Sizes.MiB, 40 * Sizes.MiB, GptType: Partition.BasicData, Name: "data"),
                new Partition(2, 41 * Sizes.MiB, 40 * Sizes.MiB, GptType: Partition.LinuxData, Name: "linux"),
            ], diskGuid);
            VolumeFormatter.Format(disk, Sizes.MiB, 40 * Sizes.MiB, FileSystemKind.Fat32);
            VolumeFormatter.Format(disk, 41 * Sizes.MiB, 40 * Sizes.MiB, FileSystemKind.Ext4);
            Assert.Equal(PartitionStyle.Gpt, VolumeManager.DetectStyle(disk));
            var volumes = VolumeManager.GetVolumes(disk);
            Assert.Equal([FileSystemKind.Fat32, FileSystemKind.Ext4], volumes.Select(v => v.FileSystem));
            Assert.Equal(["data", "linux"], volumes.Select(v => v.Partition!.Name));
        }
        var raw = s["vm.raw"];
        Tool.Ok("qemu-img", "convert", "-f", "vmdk", "-O", "raw", path, raw);
        var verify = Tool.Ok("sgdisk", "-v", raw);
        Assert.Contains("No problems found", verify);
        Assert.Contains("6F1B8C2E-4A3D-4E5F-8A9B-0C1D2E3F4A5B", Tool.Ok("sgdisk", "-p", raw));
        Assert.Equal("vfat", Tool.Ok("blkid", "-p", "-O", Sizes.MiB.ToString(), "-o", "value", "-s", "TYPE", raw).Trim());
        Assert.Equal("ext4", Tool.Ok("blkid", "-p", "-O", (41 * Sizes.MiB).ToString(), "-o", "value", "-s", "TYPE", raw).Trim());
    }

    [Fact]
    public void MbrWeWriteIsReadBySfdisk()
    {
        using var s = new Scratch();
        using (var disk = DiskImage.Create(s["d.vhd"], DiskFormat.Vhd, 64 * Sizes.MiB))
        {
            Mbr.Write(disk, [
                new Partition(1, Sizes.MiB, 34 * Sizes.MiB, MbrType: 0x07, Bootable: true),
                new Partition(2, 35 * Sizes.MiB, 20 * Sizes.MiB, MbrType: 0x83),
            ], 0x1234abcd);
            VolumeFormatter.Format(disk, Sizes.MiB, 34 * Sizes.MiB, FileSystemKind.Ntfs, "SYS");
            Assert.Equal(PartitionStyle.Mbr, VolumeManager.DetectStyle(disk));
            Assert.Equal([FileSystemKind.Ntfs, FileSystemKind.Unknown], VolumeManager.GetVolumes(disk).Select(v => v.FileSystem));
        }
        var raw = s["d.raw"];
        Tool.Ok("qemu-img", "convert", "-f", "vpc", "-O", "raw", s["d.vhd"], raw);
        var dump = Tool.Ok("sfdisk", "-d", raw);
        Assert.Contains("label-id: 0x1234abcd", dump);
        Assert.Contains("start=        2048, size=       69632, type=7, bootable", dump);
        Assert.Contains("start=       71680, size=       40960, type=83", dump);
        Assert.Equal("ntfs", Tool.Ok("blkid", "-p", "-O", Sizes.MiB.ToString(), "-o", "value", "-s", "TYPE", raw).Trim());
    }

    [Fact]
    public void TablesMadeBySfdiskAndSgdiskAreRead()
    {
        using var s = new Scratch();
        var mbr = Truncated(s, "mbr.img", 64 * Sizes.MiB);
        var psi = new System.Diagnostics.ProcessStartInfo("sfdisk", ["-q", mbr]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            p.StandardInput.Write("label: dos\nstart=2048, size=61440, type=7\nstart=63488, size=40960, type=83\n");
            p.StandardInput.Close();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
        Tool.Ok("mkfs.fat", "-F", "16", "--offset", "2048", mbr, "30720");
        using (var disk = DiskImage.Open(mbr, writable: false))
        {
            var parts = VolumeManager.Partitions(disk);
            Assert.Equal([(2048L * 512, 61440L * 512, (byte)7), (63488L * 512, 40960L * 512, (byte)0x83)], parts.Select(p => (p.Offset, p.Length, p.MbrType)));
            Assert.Equal(FileSystemKind.Fat16, VolumeManager.GetVolumes(disk)[0].FileSystem);
        }

        var gpt = Truncated(s, "gpt.img", 64 * Sizes.MiB);
        Tool.Ok("sgdisk", "-n1:2048:+32M", "-t1:0700", "-c1:win", "-n2:0:0", "-t2:8300", gpt);
        using (var disk = DiskImage.Open(gpt, writable: false))
        {
            Assert.Equal(PartitionStyle.Gpt, VolumeManager.DetectStyle(disk));
            var parts = VolumeManager.Partitions(disk);
            Assert.Equal(2, parts.Count);
            Assert.Equal((2048L * 512, 32 * Sizes.MiB, Partition.BasicData, "win"), (parts[0].Offset, parts[0].Length, parts[0].GptType, parts[0].Name));
            Assert.Equal(Partition.LinuxData, parts[1].GptType);
        }
    }

    [Fact]
    public void AWholeDiskExfatIsNotTakenForAnMbr()
    {
        using var s = new Scratch();
        var path = Truncated(s, "ex.img", 16 * Sizes.MiB);
        Tool.Ok("mkfs.exfat", path);
        using var disk = DiskImage.Open(path, writable: false);
        Assert.Equal(PartitionStyle.None, VolumeManager.DetectStyle(disk));
        Assert.Equal(FileSystemKind.ExFat, Assert.Single(VolumeManager.GetVolumes(disk)).FileSystem);
    }
}
