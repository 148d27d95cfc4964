using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using PointKind = Failback.Engine.Replication.ConsistencyType;
using RecoveryPointType = Failback.Engine.Orchestration.Operations.RecoveryPointType;

namespace Failback.TestKit.Fakes;

/// <summary>
/// The data plane as a test double: a recovery-point list per item, each change logged, each change
/// taking <see cref="StepTime"/> of virtual time, and faults armed per call ("Recover:vm-1").
/// </summary>
public sealed class FakeReplicationService(TimeProvider time) : IReplicationService
{
    private readonly Dictionary<string, List<RecoveryPoint>> _points = new(StringComparer.Ordinal);

    public TimeSpan StepTime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Every call that changes something, in order: "EnableReplication vm-1 AzureToOnPremises".</summary>
    public List<string> Changes { get; } = [];
    /// <summary>When each change completed, in virtual time.</summary>
    public List<(DateTimeOffset At, string Change)> Timeline { get; } = [];
    public List<ReplicationRequest> Requests { get; } = [];
    /// <summary>Armed faults: "Method:item" → the error the next such call throws.</summary>
    public Dictionary<string, Exception> Faults { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a point named after its minute, so members of a group share ids for the same moment.</summary>
    public RecoveryPoint AddPoint(string itemId, DateTimeOffset at, bool appConsistent)
    {
        if (!_points.TryGetValue(itemId, out var list)) _points[itemId] = list = [];
        var number = list.Count + 1;
        var point = new RecoveryPoint(number, appConsistent ? PointKind.AppConsistent : PointKind.CrashConsistent, at, number)
        {
            Id = $"{(appConsistent ? "app" : "crash")}-{at:HHmm}",
        };
        list.Add(point);
        return point;
    }

    public async Task EnableReplicationAsync(ReplicationRequest request, IProgress<int> progress, CancellationToken cancellationToken)
    {
        await Change("EnableReplication", request.ItemId, $"{request.Direction}", cancellationToken);
        Requests.Add(request);
        progress.Report(50);
        progress.Report(100);
    }

    public Task<RecoveryPoint?> FindRecoveryPointAsync(string itemId, RecoveryPointType type, string? recoveryPointId, CancellationToken cancellationToken)
    {
        var points = _points.GetValueOrDefault(itemId) ?? [];
        return Task.FromResult(type switch
        {
            RecoveryPointType.LatestTime or RecoveryPointType.Latest => points.MaxBy(p => p.Time),
            RecoveryPointType.LatestTag => points.Where(p => p.AppConsistent).MaxBy(p => p.Time),
            _ => points.FirstOrDefault(p => p.Id == recoveryPointId),
        });
    }

    /// <summary>The synchronization makes a crash-consistent point now (logged with where its changes came from).</summary>
    public async Task<RecoveryPoint?> SynchronizeLatestChangesAsync(string itemId, bool fromSource, CancellationToken cancellationToken)
    {
        await Change("SynchronizeLatestChanges", itemId, fromSource ? "source" : "process server", cancellationToken);
        return AddPoint(itemId, time.GetUtcNow(), appConsistent: false);
    }

    public Task<IReadOnlyDictionary<string, RecoveryPoint>?> FindCommonRecoveryPointAsync(IReadOnlyList<string> itemIds, RecoveryPointType type, CancellationToken cancellationToken)
    {
        bool Kind(RecoveryPoint p) => type != RecoveryPointType.LatestTag || p.AppConsistent;
        var common = itemIds
            .Select(id => (_points.GetValueOrDefault(id) ?? []).Where(Kind).Select(p => p.Time))
            .Aggregate((a, b) => a.Intersect(b)).ToList();
        return Task.FromResult<IReadOnlyDictionary<string, RecoveryPoint>?>(common.Count == 0 ? null
            : itemIds.ToDictionary(id => id, id => _points[id].Last(p => Kind(p) && p.Time == common.Max()), StringComparer.Ordinal));
    }

    public Task RecoverAsync(string itemId, RecoveryPoint point, Site target, IProgress<int> progress, CancellationToken cancellationToken) =>
        Change("Recover", itemId, $"{point.Id} {target}", cancellationToken);

    public Task CreateTestDisksAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken) =>
        Change("CreateTestDisks", itemId, point.Id, cancellationToken);

    /// <summary>Every listed point is kept until the commit (the fake deletes nothing).</summary>
    public Task<RecoveryPoint?> FindRetainedRecoveryPointAsync(string itemId, RecoveryPointType type, string? recoveryPointId, CancellationToken cancellationToken) =>
        FindRecoveryPointAsync(itemId, type, recoveryPointId, cancellationToken);

    public Task ApplyRecoveryPointAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken) =>
        Change("ApplyRecoveryPoint", itemId, point.Id, cancellationToken);

    public Task CommitAsync(string itemId, CancellationToken cancellationToken) => Change("Commit", itemId, "", cancellationToken);

    public Task DisableReplicationAsync(string itemId, CancellationToken cancellationToken) => Change("DisableReplication", itemId, "", cancellationToken);

    private async Task Change(string method, string itemId, string detail, CancellationToken cancellationToken)
    {
        await time.Delay(StepTime, cancellationToken);
        if (Faults.Remove($"{method}:{itemId}", out var fault)) throw fault;
        Changes.Add($"{method} {itemId} {detail}".TrimEnd());
        Timeline.Add((time.GetUtcNow(), Changes[^1]));
    }

    public static AsrException Fault(AsrErrorDefinition definition) => new(definition.Create("injected"));
}
