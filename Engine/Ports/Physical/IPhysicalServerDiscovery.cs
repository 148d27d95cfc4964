using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Physical;

/// <summary>A disk of a physical server: its index, size and the device the OS names it by.</summary>
public sealed record PhysicalDiskInfo(int Index, string DeviceName, long CapacityBytes);

/// <summary>A physical server of the on-premises site, as discovery (with its credentials) finds it.</summary>
public sealed record PhysicalServerInfo(string Name, string IpAddress, GuestState Guest, IReadOnlyList<PhysicalDiskInfo> Disks);

/// <summary>Raised when a physical server refuses the credentials given to discover it.</summary>
public sealed class PhysicalServerLoginException(string message) : Exception(message);

/// <summary>
/// Physical servers are no vCenter objects: the engine finds them by address and credentials (as the
/// configuration server push-installs the mobility agent) and reads their disks through the agent.
/// Unknown or unreachable addresses throw <see cref="Network.NetworkUnreachableException"/>.
/// </summary>
public interface IPhysicalServerDiscovery
{
    Task<PhysicalServerInfo> DiscoverAsync(string address, string userName, string password, CancellationToken cancellationToken = default);

    /// <summary>Opens disk <paramref name="diskIndex"/> of a discovered server (the agent's view of the volume).</summary>
    Task<IBlockDevice> OpenDiskAsync(string address, string userName, string password, int diskIndex, bool writable, CancellationToken cancellationToken = default);
}
