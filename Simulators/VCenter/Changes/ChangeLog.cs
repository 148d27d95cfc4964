using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Changes;

/// <summary>
/// The site's change feed: every object that enters, changes or leaves, with a version number, in
/// the manner of PropertyCollector's WaitForUpdatesEx. Each server reports the changes of the
/// objects it shows, under its own references, to accounts allowed to see them.
/// </summary>
public sealed class ChangeLog
{
    private readonly VSphereSite _site;
    private readonly List<Change> _changes = [];
    private TaskCompletionSource? _changed;

    internal ChangeLog(VSphereSite site) => _site = site;

    private sealed record Change(long Version, ManagedEntity Entity, ObjectUpdateKind Kind, string[] Properties, (ServiceInstance Server, ManagedObjectReference MoRef)[] Audience);

    public long Version { get; private set; }

    /// <summary>Records a change; call it before detaching a leaving object, while servers still show it.</summary>
    public void Record(ManagedEntity entity, ObjectUpdateKind kind, params string[] properties)
    {
        var audience = Audience.Of(_site, entity);
        _changes.Add(new Change(++Version, entity, kind, properties, audience));
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
    }

    internal UpdateSet Since(ServiceInstance server, Account account, string version)
    {
        var since = ParseVersion(version);
        var updates = new List<ObjectUpdate>();
        // Versions are 1-based and dense, so the changes after `since` start at index `since`.
        for (var i = (int)Math.Min(since, _changes.Count); i < _changes.Count; i++)
        {
            var change = _changes[i];
            if (!Audience.Visible(account, change.Entity)) continue;
            foreach (var (s, moRef) in change.Audience)
                if (s == server) updates.Add(new ObjectUpdate(moRef, change.Kind, change.Properties));
        }
        return new UpdateSet(Version.ToString(System.Globalization.CultureInfo.InvariantCulture), updates);
    }

    internal async Task<UpdateSet> WaitAsync(ServiceInstance server, Account account, string version, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = _site.Clock.GetUtcNow() + maxWait;
        while (true)
        {
            var set = Since(server, account, version);
            if (set.Updates.Count > 0) return set;
            var left = deadline - _site.Clock.GetUtcNow();
            if (left <= TimeSpan.Zero) return set;
            // Completed synchronously on the kernel's thread: with RunContinuationsAsynchronously, Task.WhenAny escapes to the thread pool.
            _changed ??= new TaskCompletionSource();
            var timeout = _site.Clock.Delay(left, cancellationToken);
            await Task.WhenAny(new[] { _changed.Task, timeout });
            cancellationToken.ThrowIfCancellationRequested();
            version = set.Version;
        }
    }

    private static long ParseVersion(string version)
    {
        if (string.IsNullOrEmpty(version)) return 0;
        return long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{version}' is not a version this server handed out; pass \"\" to start over.");
    }
}
