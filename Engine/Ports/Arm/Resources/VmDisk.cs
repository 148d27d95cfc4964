namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// A disk of a VM: an existing managed disk (<see cref="ManagedDiskId"/>) or page blob (<see cref="VhdUri"/>),
/// or, for the OS disk of a VM built from an image, a new one (a page blob when <see cref="VhdUri"/> is given).
/// </summary>
public sealed record VmDisk
{
    /// <summary>Data disk LUN; the OS disk has none.</summary>
    public int? Lun { get; init; }
    public ResourceId? ManagedDiskId { get; init; }
    public string? VhdUri { get; init; }
    /// <summary>Read-only: the disk's virtual size.</summary>
    public long SizeBytes { get; init; }
}
