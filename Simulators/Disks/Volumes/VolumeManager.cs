using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Volumes;

/// <summary>The partition table (GPT preferred over its protective MBR) and the volumes of a disk.</summary>
public static class VolumeManager
{
    public static PartitionStyle DetectStyle(IBlockDevice disk)
    {
        // File-system boot sectors end in 55 AA too: a volume signature at LBA 0 means no table.
        if (FileSystemProbe.Probe(disk) != FileSystemKind.Unknown) return PartitionStyle.None;
        if (Gpt.Read(disk) is not null) return PartitionStyle.Gpt;
        return Mbr.Read(disk) is not null ? PartitionStyle.Mbr : PartitionStyle.None;
    }

    public static IReadOnlyList<Partition> Partitions(IBlockDevice disk) => DetectStyle(disk) switch
    {
        PartitionStyle.Gpt => Gpt.Read(disk)!,
        PartitionStyle.Mbr => Mbr.Read(disk)!,
        _ => [],
    };

    public static IReadOnlyList<Volume> GetVolumes(IBlockDevice disk)
    {
        if (DetectStyle(disk) == PartitionStyle.None)
            return [new Volume(0, disk.Capacity, null, FileSystemProbe.Probe(disk))];
        return Partitions(disk)
            .Where(p => p.MbrType is not (0x05 or 0x0F or 0x85)) // extended containers hold no file system
            .Select(p => new Volume(p.Offset, p.Length, p, FileSystemProbe.Probe(disk, p.Offset, p.Length)))
            .ToList();
    }
}
