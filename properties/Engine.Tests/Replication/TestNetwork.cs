using Failback.Engine.Ports;
using Failback.Engine.Ports.Network;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// A test network: every pair of hosts shares one link of the given bandwidth and latency, used
/// first come first served, so concurrent transfers queue behind each other. Hosts can be cut off
/// and ports blocked. Counts bytes per port.
/// </summary>
public sealed class TestNetwork(TimeProvider time, double bytesPerSecond, TimeSpan latency) : INetwork
{
    private readonly Dictionary<(string, string), DateTimeOffset> _busyUntil = [];
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly HashSet<int> _blockedPorts = [];

    public Dictionary<int, long> BytesByPort { get; } = [];
    public long TotalBytes => BytesByPort.Values.Sum();
    public double BytesPerSecond { get; set; } = bytesPerSecond;

    public void Disconnect(string host) => _down.Add(host);
    public void Reconnect(string host) => _down.Remove(host);
    public void BlockPort(int port) => _blockedPorts.Add(port);

    public Reachability Check(string sourceHost, string destinationHost, int port)
    {
        if (_down.Contains(sourceHost) || _down.Contains(destinationHost))
            return new Reachability(false, $"{(_down.Contains(sourceHost) ? sourceHost : destinationHost)} is disconnected", []);
        if (_blockedPorts.Contains(port)) return new Reachability(false, $"port {port} is blocked by a firewall", []);
        return new Reachability(true, null, [sourceHost, destinationHost]);
    }

    public async Task TransferAsync(string sourceHost, string destinationHost, int port, long bytes, CancellationToken cancellationToken = default)
    {
        var reach = Check(sourceHost, destinationHost, port);
        if (!reach.Reachable) throw new NetworkUnreachableException($"{sourceHost} cannot reach {destinationHost}:{port}: {reach.Reason}");
        var now = time.GetUtcNow();
        var key = string.CompareOrdinal(sourceHost, destinationHost) < 0 ? (sourceHost, destinationHost) : (destinationHost, sourceHost);
        var start = _busyUntil.TryGetValue(key, out var busy) && busy > now ? busy : now;
        var done = start + TimeSpan.FromSeconds(bytes / BytesPerSecond);
        _busyUntil[key] = done;
        BytesByPort[port] = BytesByPort.GetValueOrDefault(port) + bytes;
        await time.Delay(done - now + latency, cancellationToken);
    }
}
