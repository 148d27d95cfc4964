namespace Failback.Simulators.Disks.Volumes;

/// <summary>A volume of a disk: a partition, or the whole disk when it has no partition table.</summary>
public sealed record Volume(long Offset, long Length, Partition? Partition, FileSystemKind FileSystem);
