using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Orchestration.Operations;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;

namespace Failback.Engine.Orchestration.Plans;

/// <summary>
/// Runs an operation on a recovery plan as one job: preflight checks over every item first (a failure
/// there fails the job before any item changes), then the groups in order, the items of a group in
/// parallel. A group with a failed item stops the plan: later groups may depend on it. Replication
/// groups (multi-VM consistency) fail over to a common point (the latest one, or the latest app-consistent
/// one), chosen before the first group starts, and are reprotected here only, with one master target (RP-8, RP-9).
/// </summary>
public sealed class RecoveryPlanRunner(Orchestrator orchestrator)
{

    /// <summary>Fails the plan over to each item's latest point (LatestTime) or the latest app-consistent one (LatestTag).</summary>
    public Task<Job> UnplannedFailoverAsync(RecoveryPlan plan, RecoveryPointType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (type == RecoveryPointType.Custom)
            throw new AsrException(ErrorCatalog.RecoveryPointNotFound.Create("a recovery plan fails over to LatestTime or LatestTag; a Custom point is for a single machine"));
        return RunAsync(plan, AsrOperation.UnplannedFailover, async (items, errors) =>
        {
            var inputs = items.ToDictionary(i => i.Id, _ => new UnplannedFailoverInput(type), StringComparer.Ordinal);
            foreach (var (id, point) in await GroupPointsAsync(items, type, errors, cancellationToken))
                inputs[id] = UnplannedFailoverInput.At(point.Id);
            return new PlanItems(id => orchestrator.UnplannedFailoverAsync(id, inputs[id], cancellationToken), id => inputs[id]);
        }, cancellationToken);
    }

    /// <summary>
    /// Members of a replication group share one multi-VM consistent point, chosen before the first group starts (even
    /// when the plan puts them in groups that run minutes apart); a group with none yet is an error of the plan.
    /// </summary>
    private async Task<List<(string Id, RecoveryPoint Point)>> GroupPointsAsync(
        IReadOnlyList<ProtectedItem> items, RecoveryPointType type, List<AsrError> errors, CancellationToken cancellationToken)
    {
        var chosen = new List<(string, RecoveryPoint)>();
        foreach (var group in ReplicationGroups(items))
        {
            var points = await orchestrator.Replication.FindCommonRecoveryPointAsync([.. group.Select(i => i.Id)], type, cancellationToken);
            if (points is null)
                errors.Add(ErrorCatalog.RecoveryPointNotFound.Create(
                    $"replication group '{group.Key}' has no common {(type == RecoveryPointType.LatestTag ? "app-consistent " : "")}recovery point yet"));
            else
                chosen.AddRange(group.Select(member => (member.Id, points[member.Id])));
        }
        return chosen;
    }

    /// <summary>Test failover of every item of the plan into one test network, a replication group at its common point.</summary>
    public Task<Job> TestFailoverAsync(RecoveryPlan plan, RecoveryPointType type = RecoveryPointType.LatestTime, string? networkId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (type == RecoveryPointType.Custom)
            throw new AsrException(ErrorCatalog.RecoveryPointNotFound.Create("a recovery plan is tested at LatestTime or LatestTag; a Custom point is for a single machine"));
        return RunAsync(plan, AsrOperation.TestFailover, async (items, errors) =>
        {
            var inputs = items.ToDictionary(i => i.Id, _ => new TestFailoverInput(networkId, type), StringComparer.Ordinal);
            foreach (var (id, point) in await GroupPointsAsync(items, type, errors, cancellationToken))
                inputs[id] = new TestFailoverInput(networkId, RecoveryPointType.Custom, point.Id);
            return new PlanItems(id => orchestrator.TestFailoverAsync(id, inputs[id], cancellationToken), id => inputs[id]);
        }, cancellationToken);
    }

    /// <summary>Cleans up the test failover of every item of the plan; each item's job keeps the notes.</summary>
    public Task<Job> TestFailoverCleanupAsync(RecoveryPlan plan, string? comments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var input = new TestFailoverCleanupInput(comments);
        return RunAsync(plan, AsrOperation.TestFailoverCleanup,
            (_, _) => Task.FromResult(new PlanItems(id => orchestrator.TestFailoverCleanupAsync(id, input, cancellationToken), _ => input)), cancellationToken);
    }

    public Task<Job> CommitAsync(RecoveryPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return RunAsync(plan, AsrOperation.Commit,
            (_, _) => Task.FromResult(new PlanItems(id => orchestrator.CommitAsync(id, cancellationToken), _ => null)), cancellationToken);
    }

    /// <summary>
    /// Reprotects every item of the plan with the values it was reprotected with before in that
    /// direction (RP-8); <paramref name="values"/> serve the items that have none.
    /// </summary>
    public Task<Job> ReprotectAsync(RecoveryPlan plan, ReprotectInput? values = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (values is not null) Orchestrator.Validate(values);
        return RunAsync(plan, AsrOperation.ReverseReplicate, (items, errors) =>
        {
            var inputs = new Dictionary<string, ReprotectInput>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var direction = item.ActiveLocation == Site.Azure ? ReplicationDirection.AzureToOnPremises : ReplicationDirection.OnPremisesToAzure;
                ReprotectInput? earlier = direction == ReplicationDirection.AzureToOnPremises ? item.LastReprotectToOnPremises : item.LastReprotectToAzure;
                var input = earlier ?? (values?.Direction == direction ? values : null);
                if (input is null)
                    errors.Add(ErrorCatalog.ReprotectValuesUnknown.Create($"'{item.Name}' has no earlier values to reprotect {direction} and the plan gave none"));
                else if (orchestrator.ReprotectRefusal(item.Id, input) is { } refusal)
                    errors.Add(refusal);
                else
                    inputs[item.Id] = input;
            }
            foreach (var group in ReplicationGroups(items))
            {
                // RP-9 holds for the whole group: members outside this plan that replicate to on-premises already
                // have their master target.
                var outside = orchestrator.Items.Where(i => i.ReplicationGroup == group.Key && !plan.ItemIds.Contains(i.Id) && ReplicatesToOnPremises(i.State))
                    .Select(i => i.LastReprotectToOnPremises);
                var masterTargets = group.Select(i => inputs.GetValueOrDefault(i.Id)).Concat(outside).OfType<ReprotectToOnPremisesInput>().Select(v => v.MasterTarget);
                if (ReplicationGroupRules.MasterTargetRefusal(group.Key, masterTargets) is { } refusal) errors.Add(refusal);
            }
            return Task.FromResult(new PlanItems(id => orchestrator.ReprotectAsync(id, inputs[id], viaPlan: true, cancellationToken), id => inputs[id]));
        }, cancellationToken);
    }

    /// <summary>How to run the plan's operation on one item, and the input it runs with.</summary>
    private sealed record PlanItems(Func<string, Task<Job>> Run, Func<string, object?> Input);

    /// <summary>
    /// The shared run: <paramref name="prepare"/> adds the operation's own preflight errors and returns
    /// how to run the operation on one item; then every item's prerequisites are checked, so a plan refused
    /// for one item has changed nothing for the others.
    /// </summary>
    private async Task<Job> RunAsync(
        RecoveryPlan plan,
        AsrOperation operation,
        Func<IReadOnlyList<ProtectedItem>, List<AsrError>, Task<PlanItems>> prepare,
        CancellationToken cancellationToken)
    {
        var items = plan.ItemIds.Select(orchestrator.Item).ToList();
        var job = orchestrator.Record(orchestrator.NewJob(operation, plan.Name, JobTargetKind.RecoveryPlan,
            [JobNames.RecoveryPlanPreflight, .. plan.Groups.Select((_, i) => JobNames.PlanGroup(i + 1, operation))], plan.Name));
        job.StartTask(0);
        var errors = new List<AsrError>();
        if (operation != AsrOperation.ReverseReplicate)
            errors.AddRange(items.Select(i => orchestrator.Refusal(i.Id, operation)).OfType<AsrError>());
        var planItems = await prepare(items, errors);
        if (errors.Count == 0)
            foreach (var item in items)
                errors.AddRange(await orchestrator.PrerequisiteErrorsAsync(item.Id, operation, planItems.Input(item.Id), cancellationToken));
        var runItem = planItems.Run;
        if (errors.Count > 0)
        {
            job.EndTask(0, JobState.Failed);
            job.Finish(JobState.Failed, errors);
            return job.Job;
        }
        job.EndTask(0, JobState.Succeeded);

        for (var g = 0; g < plan.Groups.Count; g++)
        {
            job.StartTask(g + 1);
            var results = await Task.WhenAll(plan.Groups[g].Select(id => RunItemAsync(runItem, orchestrator.Item(id), cancellationToken)).ToArray());
            foreach (var (child, _) in results)
                if (child is not null) job.AddChild(child.Id);
            var failures = results.Where(r => r.Error is not null || r.Job!.State != JobState.Succeeded).ToList();
            if (failures.Count > 0)
            {
                job.EndTask(g + 1, JobState.Failed);
                job.Finish(JobState.Failed, failures.SelectMany(f => f.Error is { } e ? [e] : f.Job!.Errors));
                return job.Job;
            }
            job.EndTask(g + 1, JobState.Succeeded);
        }
        job.Finish(JobState.Succeeded, []);
        return job.Job;
    }

    private static async Task<(Job? Job, AsrError? Error)> RunItemAsync(Func<string, Task<Job>> runItem, ProtectedItem item, CancellationToken cancellationToken)
    {
        try
        {
            return (await runItem(item.Id), null);
        }
        catch (AsrException e)
        {
            // Refused when its turn came (another operation got there first).
            return (null, e.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, ErrorCatalog.JobCancelled.Create($"'{item.Name}' did not start"));
        }
    }

    private static bool ReplicatesToOnPremises(ProtectionState state) => state is ProtectionState.ReprotectToOnPremisesInProgress
        or ProtectionState.InitialReplicationToOnPremises or ProtectionState.ProtectedToOnPremises or ProtectionState.FailbackInProgress or ProtectionState.FailbackFailed;

    private static IEnumerable<IGrouping<string, ProtectedItem>> ReplicationGroups(IEnumerable<ProtectedItem> items) =>
        items.Where(i => i.ReplicationGroup is not null).GroupBy(i => i.ReplicationGroup!, StringComparer.Ordinal);
}
