using Failback.Engine.Ports;
using Failback.Engine.Ports.Network;

namespace Failback.Engine.Components;

public enum ServerLocation { OnPremises, Azure }

/// <summary>
/// A process server (on-premises, or in Azure for failback, PS-1): it receives the agents' writes
/// into a cache of fixed capacity and uploads them to the target; it registers with the
/// configuration server by passphrase and sends it a heartbeat over port 443 (TS-5).
/// </summary>
public sealed class ProcessServer
{
    public const int HeartbeatPort = 443;
    /// <summary>ASR's process-server alerts are all judged over 15 minutes.</summary>
    public static readonly TimeSpan AlertWindow = TimeSpan.FromMinutes(15);

    private readonly INetwork _network;
    private readonly TimeProvider _time;
    private readonly Queue<(DateTimeOffset Time, long Bytes)> _uploads = new();
    private readonly List<TaskCompletionSource> _waitingForCache = [];
    private DateTimeOffset? _servicesDownSince;

    public ProcessServer(string name, string ipAddress, ServerLocation location, long cacheCapacityBytes, INetwork network, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(ipAddress);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cacheCapacityBytes);
        Name = name;
        IpAddress = ipAddress;
        Location = location;
        CacheCapacityBytes = cacheCapacityBytes;
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public string Name { get; }
    public string IpAddress { get; }
    public ServerLocation Location { get; }
    /// <summary>The configuration server's id for this server, once registered.</summary>
    public string? Id { get; private set; }
    public string? ConfigurationServerIp { get; private set; }
    public long CacheCapacityBytes { get; }
    public long CacheUsedBytes { get; private set; }
    public bool ServicesRunning => _servicesDownSince is null;
    public long BytesUploaded { get; private set; }

    /// <summary>Registers with the configuration server, which checks the passphrase (PS-6, MT-3).</summary>
    public void Register(ConfigurationServer configurationServer, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(configurationServer);
        Id = configurationServer.RegisterServer(ServerRole.ProcessServer, Name, IpAddress, Location == ServerLocation.Azure ? "Azure" : "OnPremises", passphrase).Id;
        ConfigurationServerIp = configurationServer.IpAddress;
    }

    /// <summary>
    /// One heartbeat to the configuration server over port 443. False (and no heartbeat recorded)
    /// when the services are stopped or the network has no path (TS-5).
    /// </summary>
    public async Task<bool> SendHeartbeatAsync(ConfigurationServer configurationServer, CancellationToken cancellationToken = default)
    {
        if (!HeartbeatLeaves(configurationServer)) return false;
        try
        {
            await _network.TransferAsync(IpAddress, configurationServer.IpAddress, HeartbeatPort, 1024, cancellationToken);
        }
        catch (NetworkUnreachableException)
        {
            return false;
        }
        // A configuration server lost while the heartbeat was on the wire never receives it.
        if (!configurationServer.IsRunning) return false;
        configurationServer.RecordHeartbeat(Id!, _time.GetUtcNow()); // HeartbeatLeaves refused an unregistered server
        return true;
    }

    /// <summary>Whether a heartbeat sent now would leave: the services run and the configuration server is on a route (443).</summary>
    internal bool HeartbeatLeaves(ConfigurationServer configurationServer)
    {
        ArgumentNullException.ThrowIfNull(configurationServer);
        if (Id is null) throw new InvalidOperationException($"Process server '{Name}' is not registered with a configuration server; register it with the passphrase first.");
        return ServicesRunning && _network.Check(IpAddress, configurationServer.IpAddress, HeartbeatPort).Reachable;
    }

    /// <summary>Sends a heartbeat every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunHeartbeatsAsync(ConfigurationServer configurationServer, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await SendHeartbeatAsync(configurationServer, cancellationToken);
            await _time.Delay(interval, cancellationToken);
        }
    }

    public void StopServices() => _servicesDownSince ??= _time.GetUtcNow();
    public void StartServices() => _servicesDownSince = null;

    /// <summary>Takes <paramref name="bytes"/> of cache, waiting until enough is free.</summary>
    public async Task ReserveCacheAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytes > CacheCapacityBytes)
            throw new InvalidOperationException($"A batch of {bytes} bytes cannot fit the {CacheCapacityBytes}-byte cache of process server '{Name}'.");
        while (CacheUsedBytes + bytes > CacheCapacityBytes)
        {
            var freed = new TaskCompletionSource();
            _waitingForCache.Add(freed);
            using (cancellationToken.Register(() => freed.TrySetCanceled(cancellationToken))) await freed.Task;
        }
        CacheUsedBytes += bytes;
    }

    /// <summary>Frees cache after its data reached the target.</summary>
    public void ReleaseCache(long bytes)
    {
        CacheUsedBytes = Math.Max(0, CacheUsedBytes - bytes);
        BytesUploaded += bytes;
        var now = _time.GetUtcNow();
        _uploads.Enqueue((now, bytes));
        ForgetUploadsBefore(now - AlertWindow);
        // Every waiter re-checks: a large batch must not block smaller ones that now fit.
        var waiting = _waitingForCache.ToArray();
        _waitingForCache.Clear();
        foreach (var waiter in waiting) waiter.TrySetResult();
    }

    /// <summary>
    /// Health as ASR's process-server monitoring judges it: cache free space (&lt;30% warning, &lt;25%
    /// critical), estimated cache upload time (&gt;30 min, &gt;45 min), services down 15 minutes
    /// (warning) and no heartbeat for 15 minutes (critical). The worst alert wins.
    /// </summary>
    public ProcessServerHealthReport Health(DateTimeOffset? lastHeartbeat)
    {
        var now = _time.GetUtcNow();
        var alerts = new List<HealthAlert>();
        var free = 1 - (double)CacheUsedBytes / CacheCapacityBytes;
        if (free < 0.25) alerts.Add(new(ServerHealth.Critical, "CacheFreeSpace", $"Cache free space is {free:P0}, below 25%."));
        else if (free < 0.30) alerts.Add(new(ServerHealth.Warning, "CacheFreeSpace", $"Cache free space is {free:P0}, below 30%."));

        var upload = EstimatedCacheUploadTime(now);
        if (upload > TimeSpan.FromMinutes(45)) alerts.Add(new(ServerHealth.Critical, "CacheUploadTime", $"Estimated cache upload time is {Minutes(upload)}, above 45 minutes."));
        else if (upload > TimeSpan.FromMinutes(30)) alerts.Add(new(ServerHealth.Warning, "CacheUploadTime", $"Estimated cache upload time is {Minutes(upload)}, above 30 minutes."));

        if (_servicesDownSince is { } down && now - down >= AlertWindow)
            alerts.Add(new(ServerHealth.Warning, "Services", $"Process server services have been stopped since {down:u}."));
        if (lastHeartbeat is null || now - lastHeartbeat.Value >= AlertWindow)
            alerts.Add(new(ServerHealth.Critical, "Heartbeat",
                $"No heartbeat from process server '{Name}' for 15 minutes: check that it reaches the configuration server {ConfigurationServerIp} on port 443 (TS-5)."));

        var worst = alerts.Count == 0 ? ServerHealth.Healthy : alerts.Max(a => a.Severity);
        return new ProcessServerHealthReport(worst, alerts);
    }

    /// <summary>The cached bytes divided by the upload rate of the last 15 minutes (infinite when nothing moved).</summary>
    public TimeSpan EstimatedCacheUploadTime(DateTimeOffset now)
    {
        ForgetUploadsBefore(now - AlertWindow);
        if (CacheUsedBytes == 0) return TimeSpan.Zero;
        var uploaded = _uploads.Sum(u => u.Bytes);
        if (uploaded == 0) return TimeSpan.MaxValue;
        return TimeSpan.FromSeconds(CacheUsedBytes / (uploaded / AlertWindow.TotalSeconds));
    }

    private void ForgetUploadsBefore(DateTimeOffset time)
    {
        while (_uploads.TryPeek(out var oldest) && oldest.Time < time) _uploads.Dequeue();
    }

    private static string Minutes(TimeSpan t) => t == TimeSpan.MaxValue ? "unbounded (nothing uploaded in 15 minutes)" : $"{t.TotalMinutes:F0} minutes";
}
