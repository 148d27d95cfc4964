using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>A page blob holding a fixed VHD (a whole number of MiB plus the 512-byte footer).</summary>
public sealed record PageBlob(string Uri, string Container, string Name, long Length)
{
    /// <summary>The blob's metadata: the guest whose disk it is, when it is an OS disk.</summary>
    public GuestState? Guest { get; init; }
    /// <summary>The VM whose disk it is (a lease), if any.</summary>
    public ResourceId? LeasedBy { get; init; }
    /// <summary>The disk's virtual size: the blob minus the VHD footer.</summary>
    public long VirtualSize => Length - 512;
}
