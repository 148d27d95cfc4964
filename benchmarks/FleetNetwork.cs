using Failback.Engine.Ports;
using Failback.Engine.Ports.Network;

namespace Failback.Benchmarks;

/// <summary>
/// The fleet run's network: one shared link per pair of hosts with a bandwidth and a latency, used
/// first come first served, so churn above the bandwidth queues. (The Azure simulator's network
/// replaces it once merged.)
/// </summary>
public sealed class FleetNetwork(TimeProvider time, double bytesPerSecond, TimeSpan latency) : INetwork
{
    private readonly Dictionary<(string, string), DateTimeOffset> _busyUntil = [];

    public long Bytes { get; private set; }

    public Reachability Check(string sourceHost, string destinationHost, int port) => new(true, null, [sourceHost, destinationHost]);

    public async Task TransferAsync(string sourceHost, string destinationHost, int port, long bytes, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var key = string.CompareOrdinal(sourceHost, destinationHost) < 0 ? (sourceHost, destinationHost) : (destinationHost, sourceHost);
        var start = _busyUntil.TryGetValue(key, out var busy) && busy > now ? busy : now;
        var done = start + TimeSpan.FromSeconds(bytes / bytesPerSecond);
        _busyUntil[key] = done;
        Bytes += bytes;
        await time.Delay(done - now + latency, cancellationToken);
    }
}
