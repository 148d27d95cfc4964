namespace Failback.Engine.Ports.Network;

/// <summary>
/// The answer of a reachability check, with the path taken (hosts and links by name) or the reason it failed;
/// <see cref="Links"/> says what kind each link of the path is (also when a firewall blocks it at the end).
/// </summary>
public sealed record Reachability(bool Reachable, string? Reason, IReadOnlyList<string> Path)
{
    public IReadOnlyList<LinkKind> Links { get; init; } = [];

    /// <summary>Whether the path crosses a link of <paramref name="kind"/>.</summary>
    public bool Crosses(LinkKind kind) => Links.Contains(kind);
}

/// <summary>Raised when a transfer finds no path (link down, partition, firewall).</summary>
public sealed class NetworkUnreachableException(string message) : Exception(message);

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
