namespace Failback.Engine.Ports.Network;

/// <summary>
/// The network between the on-premises site and Azure as the engine sees it: hosts are server
/// names or IP addresses; links (site-to-site VPN, ExpressRoute), firewalls and partitions decide
/// reachability, and each link's bandwidth and latency time every transfer in virtual time.
/// </summary>
public interface INetwork
{
    Reachability Check(string sourceHost, string destinationHost, int port);

    /// <summary>
    /// Moves <paramref name="bytes"/> from source to destination, completing after the virtual time
    /// the path's latency and bandwidth take; throws <see cref="NetworkUnreachableException"/> when no path.
    /// </summary>
    Task TransferAsync(string sourceHost, string destinationHost, int port, long bytes, CancellationToken cancellationToken = default);
}
