namespace Failback.Simulators.Disks.Volumes;

public enum PartitionStyle
{
    /// <summary>No partition table: the whole disk is one volume.</summary>
    None,
    Mbr,
    Gpt,
}
