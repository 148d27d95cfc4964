namespace Failback.Simulators.Disks.Volumes;

public enum FileSystemKind
{
    Unknown,
    Fat12,
    Fat16,
    Fat32,
    ExFat,
    Ntfs,
    Ext2,
    Ext3,
    Ext4,
    Xfs,
    ReiserFs,
}
