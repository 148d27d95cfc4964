using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;

namespace Failback.Engine.Orchestration.Services;

/// <summary>
/// What the orchestrator needs from the data plane (configuration server, process and master target
/// servers, replication journal). A step that fails with a documented error throws
/// <see cref="Errors.AsrException"/>; the job records it.
/// </summary>
public interface IReplicationService
{
    /// <summary>
    /// Pairs the item's disks and starts initial replication in the request's direction. Returns once
    /// replication is enabled; when initial replication completes the data plane reports it through
    /// <see cref="Orchestrator.CompleteInitialReplicationAsync"/>.
    /// </summary>
    Task EnableReplicationAsync(ReplicationRequest request, IProgress<int> progress, CancellationToken cancellationToken);

    /// <summary>The point a failover would use, or null when none of that kind exists (FO-2).</summary>
    Task<RecoveryPoint?> FindRecoveryPointAsync(string itemId, RecoveryPointType type, string? recoveryPointId, CancellationToken cancellationToken);

    /// <summary>
    /// A failover to the Latest point first processes the changes still on their way (ASR's "Synchronizing the latest
    /// changes"): every change the process server received, and with <paramref name="fromSource"/> (the source was shut
    /// down) every write its agent captured; returns the point made from them, or null when none can be made (nothing
    /// replicates, or a resync runs).
    /// </summary>
    Task<RecoveryPoint?> SynchronizeLatestChangesAsync(string itemId, bool fromSource, CancellationToken cancellationToken);

    /// <summary>
    /// The latest moment common to every item of a multi-VM consistency group, of any point (LatestTime) or of an
    /// app-consistent one (LatestTag): each member's own point at that moment, by item id; null when they share none.
    /// </summary>
    Task<IReadOnlyDictionary<string, RecoveryPoint>?> FindCommonRecoveryPointAsync(IReadOnlyList<string> itemIds, RecoveryPointType type, CancellationToken cancellationToken);

    /// <summary>Stops replication and brings the disks at <paramref name="target"/> to <paramref name="point"/>.</summary>
    Task RecoverAsync(string itemId, RecoveryPoint point, Site target, IProgress<int> progress, CancellationToken cancellationToken);

    /// <summary>
    /// A test failover's disks: new disks in Azure holding the replica as it was at <paramref name="point"/>, made while
    /// replication goes on (the replica and its recovery points stay as they are).
    /// </summary>
    Task CreateTestDisksAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken);

    /// <summary>
    /// A point of the retention window a failed-over item keeps until its commit (what a change of recovery point may use),
    /// or null when none of that kind is kept.
    /// </summary>
    Task<RecoveryPoint?> FindRetainedRecoveryPointAsync(string itemId, RecoveryPointType type, string? recoveryPointId, CancellationToken cancellationToken);

    /// <summary>
    /// Change recovery point: the failed-over machine's disks are made again from <paramref name="point"/> (its VM is gone
    /// by then); the replica and its points stay until the commit.
    /// </summary>
    Task ApplyRecoveryPointAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken);

    /// <summary>Commits a failover: the recovery points are deleted and the point can no longer change.</summary>
    Task CommitAsync(string itemId, CancellationToken cancellationToken);

    /// <summary>Stops replication and removes the item from the configuration server.</summary>
    Task DisableReplicationAsync(string itemId, CancellationToken cancellationToken);
}
