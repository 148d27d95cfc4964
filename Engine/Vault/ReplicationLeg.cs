using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Ports;
using Failback.Engine.Replication;

namespace Failback.Engine.Vault;

/// <summary>
/// One direction of an item's replication while it runs: the mobility agent on the source disks, the
/// process server, the target disks with their retention journal, and the pair that moves the writes.
/// The leg owns the devices it opened and closes them when it stops.
/// </summary>
internal sealed class ReplicationLeg : IDisposable
{
    private readonly List<IDisposable> _owned;
    private bool _disposed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly TaskCompletionSource _replicating = new();

    public ReplicationLeg(ReplicationDirection direction, MobilityAgent agent, IReadOnlyList<IBlockDevice> guestDisks, ReplicationPair pair,
        RetentionJournal journal, IReadOnlyList<IDisposable> owned)
    {
        Direction = direction;
        Agent = agent;
        GuestDisks = guestDisks;
        Pair = pair;
        Journal = journal;
        _owned = [.. owned];
        pair.InitialReplicationCompleted += () => _replicating.TrySetResult();
        _running = pair.RunAsync(_stop.Token);
    }

    public ReplicationDirection Direction { get; }
    public MobilityAgent Agent { get; }
    /// <summary>The source disks in the guest's write path (through the agent's filter).</summary>
    public IReadOnlyList<IBlockDevice> GuestDisks { get; }
    public ReplicationPair Pair { get; }
    public RetentionJournal Journal { get; }
    public Task InitialReplicationDone => _replicating.Task;
    /// <summary>The pair as the configuration server's database records it (written again into a restored database).</summary>
    public ReplicationPairRecord? Record { get; set; }
    public bool Stopped { get; private set; }
    /// <summary>The master target whose VM has the target disks attached (replication back to on-premises), until failback detaches them.</summary>
    public string? MasterTarget { get; set; }
    /// <summary>A failover recovered the item from this leg (a retry of that failover reuses its point).</summary>
    public bool Recovered { get; set; }
    /// <summary>The devices are closed: a failover recovered the disks and handed them to the machine.</summary>
    public bool Closed => _disposed;

    /// <summary>Completes once the target holds every write the agent captured so far, woken by the pair's applies (no poll).</summary>
    public async Task CaughtUpAsync()
    {
        while (true)
        {
            var applied = new TaskCompletionSource();
            void OnApplied(long _) => applied.TrySetResult();
            Pair.Applied += OnApplied;
            try
            {
                // Look after subscribing: an apply between a look and a later subscription would never wake us.
                if (Pair.Target.AppliedSequence >= Agent.LastSequence && Agent.PendingRecords == 0) return;
                await applied.Task;
            }
            finally
            {
                Pair.Applied -= OnApplied;
            }
        }
    }

    /// <summary>Stops replicating; the target disks and journal stay open for a restore.</summary>
    public async Task StopAsync()
    {
        if (Stopped) return;
        Stopped = true;
        _stop.Cancel();
        await _running;
    }

    /// <summary>Rolls every target disk back to <paramref name="point"/>, in place.</summary>
    public void Restore(RecoveryPoint point)
    {
        foreach (var diskId in Pair.Target.DiskIds) Pair.Target.RollBack(diskId, point);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Stopped = true;
        _stop.Cancel();
        foreach (var d in _owned) d.Dispose();
        Journal.Dispose();
        _stop.Dispose();
    }
}
