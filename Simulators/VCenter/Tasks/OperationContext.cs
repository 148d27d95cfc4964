using Failback.Engine.Ports;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Tasks;

/// <summary>What a running task's body works with: the site, the server and caller, progress and events.</summary>
internal sealed class OperationContext(VSphereSite site, ServiceInstance server, SimTask task, Account user, string method)
{
    public VSphereSite Site { get; } = site;
    public ServiceInstance Server { get; } = server;
    public Account User { get; } = user;
    public long ChainId => task.ChainId;

    /// <summary>Spends the operation's duration (plus copy time for <paramref name="bytes"/>), reporting progress as it goes.</summary>
    public async Task Work(long bytes = 0)
    {
        var latency = Site.Options.Latency;
        var (min, max) = latency.For(method);
        var duration = Site.LatencyChoices.Between(min, max);
        if (bytes > 0 && latency.CopyBytesPerSecond < long.MaxValue)
            duration += TimeSpan.FromSeconds((double)bytes / latency.CopyBytesPerSecond);
        const int steps = 4;
        for (var i = 1; i <= steps; i++)
        {
            await Site.Clock.Delay(duration / steps);
            if (i < steps) task.ReportProgress(i * 100 / steps);
        }
    }

    public void Event(string typeId, ManagedEntity entity, string message) =>
        Site.Events.Post(Server, ChainId, typeId, User.UserName, entity, message);
}
