using System.Buffers;
using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Network;

namespace Failback.Engine.Replication;

/// <summary>
/// One protected machine replicating: initial replication (a full copy, or a delta resync when the
/// target disk exists, LOC-1), then continuous replication of every captured write, in order, from
/// the mobility agent through the process server's cache to the target, each hop timed by the
/// network. Consistency tags become recovery points at the target; points past the policy's
/// retention are pruned; the RPO is the age of the oldest write not yet on the target. When the agent's
/// buffer overflows (the cache is full and the link down), its dirty blocks are re-read and sent once the
/// link takes data again; the RPO grows until the last of them is applied (see <see cref="ResyncRequired"/>).
/// </summary>
internal sealed class ReplicationPair
{
    private readonly MobilityAgent _agent;
    private readonly ProcessServer _processServer;
    private readonly ReplicationTarget _target;
    private readonly INetwork _network;
    private readonly TimeProvider _time;
    private readonly Queue<(ChangeRecord Record, long Bytes)> _cached = new();
    private TaskCompletionSource _cachedSignal = new();
    private readonly List<InitialReplicationResult> _initial = [];
    private readonly List<(TagRecord Tag, TaskCompletionSource<RecoveryPoint?> Point)> _synchronizing = [];
    private (long Sequence, DateTimeOffset Time) _received; // the last change the process server's cache received

    public ReplicationPair(string id, MobilityAgent agent, ProcessServer processServer, ReplicationTarget target, ReplicationPolicy policy,
        INetwork network, TimeProvider time, ReplicationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _processServer = processServer ?? throw new ArgumentNullException(nameof(processServer));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Options = options ?? new ReplicationOptions();
        foreach (var disk in agent.Disks.Keys) target.Disk(disk); // fails early when a disk has no replica
    }

    public string Id { get; }
    public ReplicationPolicy Policy { get; }
    public ReplicationOptions Options { get; }
    public PairState State { get; private set; }
    public ReplicationTarget Target => _target;
    public IReadOnlyList<InitialReplicationResult> InitialReplication => _initial;
    /// <summary>Bytes that crossed the process server to the target (data, hashes and headers).</summary>
    public long BytesSent { get; private set; }
    public TimeSpan MaxRpo { get; private set; }
    public ReplicationHealth Health { get; private set; }

    /// <summary>Raised on the scheduler when a recovery point is created at the target.</summary>
    public event Action<RecoveryPoint>? PointCreated;
    /// <summary>Raised after each batch is applied, with the last applied sequence (to checkpoint it).</summary>
    public event Action<long>? Applied;
    public event Action<ReplicationHealth>? HealthChanged;
    /// <summary>Raised once initial replication (full copy or delta resync) has ended and continuous replication starts.</summary>
    public event Action? InitialReplicationCompleted;

    /// <summary>
    /// ASR's resyncRequired: the agent tracks writes only as dirty blocks (its buffer overflowed) or their
    /// re-read blocks are still on their way; no recovery point can be made until it ends.
    /// </summary>
    public bool ResyncRequired => _agent.BitmapMode || _target.Resyncing;

    /// <summary>The age of the oldest captured write that is not yet on the target (zero when caught up).</summary>
    public TimeSpan Rpo
    {
        get
        {
            var oldest = _agent.Ledger.FirstTimeAfter(_target.AppliedSequence);
            return oldest is { } t ? _time.GetUtcNow() - t : TimeSpan.Zero;
        }
    }

    /// <summary>Normal within the RPO threshold, Warning above it, Critical above twice it.</summary>
    public ReplicationHealth HealthFor(TimeSpan rpo) =>
        rpo > 2 * Policy.RpoThreshold ? ReplicationHealth.Critical
        : rpo > Policy.RpoThreshold ? ReplicationHealth.Warning
        : ReplicationHealth.Normal;

    /// <summary>Runs initial replication, then replicates until <paramref name="cancellationToken"/> stops it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (State != PairState.NotStarted) throw new InvalidOperationException($"Replication pair '{Id}' is already {State}.");
        try
        {
            State = PairState.InitialReplication;
            await InitialReplicationAsync(cancellationToken);
            State = PairState.Replicating;
            InitialReplicationCompleted?.Invoke();
            var loops = new List<Task> { IngestAsync(cancellationToken), UploadAsync(cancellationToken), TagAsync(ReplicationPolicy.CrashConsistentFrequency, Replication.ConsistencyType.CrashConsistent, cancellationToken), SampleRpoAsync(cancellationToken) };
            if (Policy.AppConsistentFrequency is { } app) loops.Add(TagAsync(app, Replication.ConsistencyType.AppConsistent, cancellationToken));
            await Task.WhenAll(loops.ToArray());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            State = PairState.Stopped;
        }
    }

    private async Task InitialReplicationAsync(CancellationToken cancellationToken)
    {
        // Writes captured during the copy queue up and are applied after it, in order; tags issued
        // before the copy ends describe states the target never held.
        var copiedThrough = _agent.LastSequence;
        foreach (var (diskId, source) in _agent.Disks)
        {
            var target = _target.Disk(diskId);
            if (target.Capacity != source.Capacity)
                throw new InvalidOperationException($"Disk '{diskId}' is {source.Capacity} bytes but its replica is {target.Capacity} bytes; a resized disk needs a new replica (full copy).");
            var sequence = _agent.LastSequence;
            if (_target.HoldsData(diskId))
            {
                var areas = ChangedSince(source, target, _target.Baseline(diskId)) ?? [new DiskExtent(0, source.Capacity)];
                var theirs = BlockHashes.Compute(target, areas, Options.ResyncBlockSize);
                // The process server fetches the target's hashes (a storage endpoint opens no connections) and passes them on.
                await SendAsync(_processServer.IpAddress, _agent.Host, theirs.WireBytes, cancellationToken, Options.AgentPort);
                var mine = BlockHashes.Compute(source, areas, Options.ResyncBlockSize);
                var differing = mine.Differences(theirs);
                var bytes = await CopyAsync(diskId, source, differing, sequence, cancellationToken);
                _initial.Add(new(diskId, InitialReplicationMode.DeltaResync, mine.Count, differing.Sum(e => (e.Length + Options.ResyncBlockSize - 1) / Options.ResyncBlockSize), bytes, theirs.WireBytes));
            }
            else
            {
                var bytes = await CopyAsync(diskId, source, source.GetAllocatedExtents(), sequence, cancellationToken);
                _initial.Add(new(diskId, InitialReplicationMode.FullCopy, 0, 0, bytes, 0));
            }
        }
        // Every write captured before the copy began is on the target now, whether or not it is still queued.
        _target.MarkApplied(copiedThrough);
        _target.AcceptTagsFrom(_agent.LastSequence);
    }

    /// <summary>
    /// The union of what either disk changed since the baseline (null when there is none or a change
    /// id is no longer known, e.g. after a restart lost the tracking).
    /// </summary>
    private static List<DiskExtent>? ChangedSince(IBlockDevice source, IBlockDevice target, ResyncBaseline? baseline)
    {
        if (baseline is null) return null;
        IReadOnlyList<DiskExtent> mine, theirs;
        try
        {
            mine = source.QueryChangedDiskAreas(baseline.SourceChangeId);
            theirs = target.QueryChangedDiskAreas(baseline.TargetChangeId);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var union = new List<DiskExtent>();
        foreach (var extent in mine.Concat(theirs).OrderBy(e => e.Offset))
        {
            if (union.Count > 0 && union[^1].End >= extent.Offset)
                union[^1] = union[^1] with { Length = Math.Max(union[^1].End, extent.End) - union[^1].Offset };
            else union.Add(extent);
        }
        return union;
    }

    private async Task<long> CopyAsync(string diskId, IBlockDevice source, IReadOnlyList<DiskExtent> extents, long sequence, CancellationToken cancellationToken)
    {
        // Pooled: a fresh 4 MiB array per disk copy is a large-object allocation that brings gen2 collections.
        var batchBytes = (int)Options.MaxBatchBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(batchBytes);
        long sent = 0;
        try
        {
            foreach (var extent in extents)
            {
                for (var at = extent.Offset; at < extent.End;)
                {
                    var length = (int)Math.Min(batchBytes, extent.End - at);
                    await SendAsync(_agent.Host, _processServer.IpAddress, length, cancellationToken, Options.AgentPort);
                    await SendAsync(_processServer.IpAddress, _target.Host, length, cancellationToken);
                    // Read after the transfer: the target gets the block as it is now, and later captured writes replay on top.
                    source.Read(at, buffer.AsSpan(0, length));
                    _target.WriteJournaled(diskId, sequence, at, buffer.AsSpan(0, length));
                    BytesSent += length;
                    sent += length;
                    at += length;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _target.Disk(diskId).Flush();
        return sent;
    }

    /// <summary>Agent to process-server cache: waits for cache space (backpressure) and for the transfer.</summary>
    private async Task IngestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _agent.WhenPendingAsync(cancellationToken);
            var batch = _agent.Take(Options.MaxBatchBytes);
            var bytes = batch.Sum(r => r.Bytes);
            await _processServer.ReserveCacheAsync(bytes, cancellationToken);
            await SendAsync(_agent.Host, _processServer.IpAddress, bytes, cancellationToken, Options.AgentPort);
            foreach (var record in batch)
            {
                _cached.Enqueue((record, record.Bytes));
                _received = (record.Sequence, record.Time);
            }
            SignalCached();
        }
    }

    private void SignalCached()
    {
        var signal = _cachedSignal;
        _cachedSignal = new TaskCompletionSource();
        signal.TrySetResult();
    }

    /// <summary>
    /// ASR's "Synchronizing the latest changes" of a failover to the Latest point: a crash-consistent tag behind every change
    /// the process server has received (<paramref name="fromSource"/>: behind every write the agent captured, for a source
    /// shut down first), completed with the point it makes once applied; null when no point can be made (a resync runs, or no
    /// change came through the process server since initial replication). It waits while the link is down, as the process
    /// server retries; the job's cancellation ends the wait.
    /// </summary>
    public async Task<RecoveryPoint?> SynchronizeAsync(bool fromSource, CancellationToken cancellationToken)
    {
        if (State != PairState.Replicating || ResyncRequired) return null;
        var point = new TaskCompletionSource<RecoveryPoint?>();
        TagRecord tag;
        if (fromSource)
        {
            if (_agent.Tag(ConsistencyType.CrashConsistent) is not { } captured) return null;
            tag = captured;
        }
        else
        {
            if (_received.Time == default) return null; // nothing came through since initial replication: no moment to name
            // The tag enters the cache behind what it holds, with no cache space of its own (it carries no data); its point is
            // the moment of the last change received, so the writes captured after it, still at the agent, are after the point.
            tag = new TagRecord(_received.Sequence, _received.Time, ConsistencyType.CrashConsistent);
            _cached.Enqueue((tag, 0));
            SignalCached();
        }
        _synchronizing.Add((tag, point));
        using (cancellationToken.Register(() => point.TrySetCanceled(cancellationToken)))
            return await point.Task;
    }

    /// <summary>Process-server cache to target: uploads a batch, applies it in order, frees the cache.</summary>
    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_cached.Count == 0)
            {
                var signal = _cachedSignal;
                using (cancellationToken.Register(() => signal.TrySetCanceled(cancellationToken))) await signal.Task;
            }
            var batch = new List<ChangeRecord>();
            long bytes = 0;
            while (_cached.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Bytes <= Options.MaxBatchBytes))
            {
                _cached.Dequeue();
                batch.Add(next.Record);
                bytes += next.Bytes;
            }
            await SendAsync(_processServer.IpAddress, _target.Host, bytes, cancellationToken);
            var points = new List<RecoveryPoint>();
            foreach (var record in batch)
            {
                var point = _target.Apply(record);
                if (point is not null) points.Add(point);
                if (record is TagRecord tag && _synchronizing.FindIndex(s => ReferenceEquals(s.Tag, tag)) is var waiting and >= 0)
                {
                    _synchronizing[waiting].Point.TrySetResult(point);
                    _synchronizing.RemoveAt(waiting);
                }
            }
            _processServer.ReleaseCache(bytes);
            BytesSent += bytes;
            if (points.Count > 0) _target.Journal.Prune(_time.GetUtcNow() - Policy.RecoveryPointRetention);
            // A failover asks about writes after a point in the window, the RPO about writes after the applied one.
            var window = _target.Journal.Points;
            _agent.Ledger.ForgetThrough(Math.Min(window.Count > 0 ? window[0].Sequence : _target.AppliedSequence, _target.AppliedSequence));
            // Stable before acknowledged: the applied sequence is what the database records and the source relies on.
            if (batch.Exists(r => r is WriteRecord)) _target.FlushDisks();
            Applied?.Invoke(_target.AppliedSequence);
            foreach (var point in points) PointCreated?.Invoke(point);
        }
    }

    /// <summary>
    /// Tags on the clock's multiples of <paramref name="every"/>, not from when the pair started: machines of one
    /// replication group then share their consistency points, so a common point exists (multi-VM consistency, RP-9).
    /// </summary>
    private async Task TagAsync(TimeSpan every, ConsistencyType type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var intoPeriod = _time.GetUtcNow().UtcTicks % every.Ticks;
            await _time.Delay(TimeSpan.FromTicks(every.Ticks - intoPeriod), cancellationToken);
            _agent.Tag(type);
        }
    }

    private async Task SampleRpoAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var rpo = Rpo;
            if (rpo > MaxRpo) MaxRpo = rpo;
            var health = HealthFor(rpo);
            if (health != Health)
            {
                Health = health;
                HealthChanged?.Invoke(health);
            }
            await _time.Delay(Options.RpoSampleInterval, cancellationToken);
        }
    }

    /// <summary>
    /// One hop through the network; a hop with no path, or to or from a process server whose services are stopped
    /// (crashed, restarting), is retried until it goes through.
    /// </summary>
    private async Task SendAsync(string from, string to, long bytes, CancellationToken cancellationToken, int? port = null)
    {
        while (true)
        {
            if (!_processServer.ServicesRunning && (from == _processServer.IpAddress || to == _processServer.IpAddress))
            {
                await _time.Delay(Options.RetryInterval, cancellationToken);
                continue;
            }
            try
            {
                await _network.TransferAsync(from, to, port ?? Options.TargetPort, bytes, cancellationToken);
                return;
            }
            catch (NetworkUnreachableException)
            {
                await _time.Delay(Options.RetryInterval, cancellationToken);
            }
        }
    }
}
