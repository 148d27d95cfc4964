namespace Failback.Engine.Ports.Physical;

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
