using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// Microsoft.Compute/disks, stored as a fixed VHD. Upload takes <see cref="UploadSizeBytes"/> (N MiB +
/// 512); Import copies a page blob (<see cref="SourceUri"/>); Copy copies another disk.
/// </summary>
public sealed record ManagedDisk : ArmResource
{
    public DiskCreateOption CreateOption { get; init; } = DiskCreateOption.Empty;
    public int? DiskSizeGB { get; init; }
    public long? UploadSizeBytes { get; init; }
    public string? SourceUri { get; init; }
    public ResourceId? SourceResourceId { get; init; }
    /// <summary>The guest whose OS disk this is; it travels with the disk's content.</summary>
    public GuestState? Guest { get; init; }
    /// <summary>Read-only: the virtual size in bytes.</summary>
    public long DiskSizeBytes { get; init; }
    /// <summary>Read-only.</summary>
    public DiskState DiskState { get; init; }
    /// <summary>Read-only: the VM the disk is attached to.</summary>
    public ResourceId? ManagedBy { get; init; }
}
