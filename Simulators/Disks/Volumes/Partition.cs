namespace Failback.Simulators.Disks.Volumes;

/// <summary>
/// One partition as a table holds it, in bytes. MBR partitions carry <see cref="MbrType"/>; GPT ones carry
/// <see cref="GptType"/>, <see cref="UniqueId"/> and <see cref="Name"/>.
/// </summary>
public sealed record Partition(int Number, long Offset, long Length, byte MbrType = 0, Guid GptType = default, Guid UniqueId = default,
    string Name = "", bool Bootable = false)
{
    public long End => Offset + Length;

    /// <summary>Windows basic data (NTFS, FAT, exFAT).</summary>
    public static readonly Guid BasicData = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    /// <summary>Linux file system data.</summary>
    public static readonly Guid LinuxData = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");

    /// <summary>EFI system partition.</summary>
    public static readonly Guid EfiSystem = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
}
