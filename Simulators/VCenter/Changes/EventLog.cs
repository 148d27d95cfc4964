using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Changes;

/// <summary>
/// The site's event log (EventManager): typed events with a key, a chain id that ties a task's events
/// together, the user and the object. Each server shows the events of the objects it shows.
/// </summary>
public sealed class EventLog
{
    private readonly VSphereSite _site;
    private readonly List<Logged> _events = [];

    internal EventLog(VSphereSite site) => _site = site;

    private sealed record Logged(long Key, long ChainId, string TypeId, DateTimeOffset Time, string User, ManagedEntity? Entity, string Message,
        (ServiceInstance Server, ManagedObjectReference MoRef)[] Audience, ServiceInstance? Origin);

    public long Count => _events.Count;

    /// <summary>Posts an event about <paramref name="entity"/> (or, with none, one only <paramref name="origin"/> shows).</summary>
    public long Post(ServiceInstance? origin, long chainId, string typeId, string user, ManagedEntity? entity, string message)
    {
        var key = _events.Count + 1;
        var audience = entity is null ? [] : Audience.Of(_site, entity);
        _events.Add(new Logged(key, chainId == 0 ? key : chainId, typeId, _site.Clock.GetUtcNow(), user, entity, message, audience, origin));
        _site.Trace.Emit("vcenter", "event", ("key", key), ("type", typeId), ("user", user), ("entity", entity?.Name), ("message", message));
        return key;
    }

    internal IReadOnlyList<VSphereEvent> Query(ServiceInstance server, Account account, EventFilterSpec filter)
    {
        var result = new List<VSphereEvent>();
        foreach (var e in _events)
        {
            if (e.Key <= filter.AfterKey) continue;
            if (filter.EventTypeIds is { } types && !types.Contains(e.TypeId, StringComparer.Ordinal)) continue;
            ManagedObjectReference? moRef = null;
            if (e.Entity is null)
            {
                if (e.Origin != server) continue;
            }
            else
            {
                var seen = Array.FindIndex(e.Audience, a => a.Server == server);
                if (seen < 0 || !Audience.Visible(account, e.Entity)) continue;
                moRef = e.Audience[seen].MoRef;
            }
            if (filter.Entity is { } wanted && moRef != wanted) continue;
            result.Add(new VSphereEvent(e.Key, e.ChainId, e.TypeId, e.Time, e.User, moRef, e.Entity?.Name, e.Message));
        }
        return result;
    }
}
