using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Recovery plans: <c>create-plan</c> (ordered groups of machines), then failover, commit and reprotect of the
/// whole plan as one job. Machines in one replication group fail over to a common point and reprotect only here (RP-8, RP-9).
/// </summary>
internal static class PlanSteps
{
    public static Func<DrillWorld, Task<string>> Create(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = m.Required("name").AsString();
        topology.Defined.Plans.Add(name);
        var groups = m.Required("groups").AsList().Select(g => g.AsListOrOne().Select(vm => StepBinder.Protectable(vm, topology)).ToList()).ToList();
        return world =>
        {
            RecoveryPlan plan;
            try
            {
                plan = new RecoveryPlan(name, [.. groups.Select(g => (IReadOnlyList<string>)[.. g.Select(world.ItemId)])]);
            }
            catch (ArgumentException e)
            {
                throw new StepFailure("InvalidRecoveryPlan", e.Message);
            }
            world.Plans[name] = (plan, groups);
            return Task.FromResult($"plan {name}: {string.Join(" then ", groups.Select(g => "[" + string.Join(", ", g) + "]"))}");
        };
    }

    public static Func<DrillWorld, Task<string>> Failover(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = StepBinder.Plan(m.Required("plan"), topology);
        var type = m.Optional("point")?.AsEnum(("latest", RecoveryPointType.LatestTime), ("latest-app-consistent", RecoveryPointType.LatestTag)) ?? RecoveryPointType.LatestTime;
        return async world =>
        {
            var (plan, machines) = Plan(world, name);
            var legs = machines.SelectMany(g => g).ToDictionary(vm => vm, vm => (Machine: world.Machine(vm), Leg: world.Machine(vm).CurrentLeg,
                Last: world.Vault!.LastFailover(world.ItemId(vm)), From: world.Vault.Item(world.ItemId(vm)).ActiveLocation));
            var started = world.Simulation.Clock.GetUtcNow();
            var job = await EngineSteps.Run(() => world.Vault!.Plans.UnplannedFailoverAsync(plan, type));
            // Each machine that failed over is judged against its ground truth, even when a later group failed; one whose
            // own failover failed after its disks were recovered (a task after it, such as starting the VM) has not moved.
            var accounts = legs.Where(l => !ReferenceEquals(world.Vault!.LastFailover(world.ItemId(l.Key)), l.Value.Last)
                                           && world.Vault.Item(world.ItemId(l.Key)).ActiveLocation != l.Value.From)
                .Select(l => $"{l.Key} {EngineSteps.Describe(l.Value.Machine.FailedOver(world.CurrentStep, l.Value.Leg, started))}").ToList();
            return Done(job, string.Join("; ", accounts));
        };
    }

    public static Func<DrillWorld, Task<string>> Commit(Node args, Topology topology)
    {
        var name = StepBinder.Plan(StepBinder.Fields(args).Required("plan"), topology);
        return async world =>
        {
            var (plan, machines) = Plan(world, name);
            var vault = world.Vault!;
            var job = await EngineSteps.Run(() => vault.Plans.CommitAsync(plan));
            // Each machine whose own commit job succeeded is judged as the commit step judges it (the commit expectation),
            // even when another machine's commit failed.
            var committed = job.ChildJobIds.Select(id => vault.Jobs.FirstOrDefault(j => j.Id == id))
                .Where(j => j is { Operation: AsrOperation.Commit, State: JobState.Succeeded }).Select(j => j!.TargetId).ToHashSet(StringComparer.Ordinal);
            var accounts = machines.SelectMany(g => g).Where(vm => committed.Contains(world.ItemId(vm)))
                .Select(vm => $"{vm} {EngineSteps.Describe(world.Machine(vm).Committed(world.CurrentStep, vault.Item(world.ItemId(vm)).FailoverRecoveryPoint?.Id))}")
                .ToList();
            return Done(job, string.Join("; ", accounts));
        };
    }

    /// <summary><c>plan-reprotect: {plan, ...}</c>: each machine with its earlier values (RP-8); the given ones serve machines without.</summary>
    public static Func<DrillWorld, Task<string>> Reprotect(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = StepBinder.Plan(m.Required("plan"), topology);
        if (topology.Vault is null) throw args.Error(StepBinder.NeedsAzure);
        var given = m.Entries.Any(e => e.Key is "master-target" or "process-server" or "datastore" or "retention-volume");
        var values = ReprotectValues.Bind(m, topology);
        var toAzure = m.Optional("direction")?.AsEnum(("to-on-premises", false), ("to-azure", true));
        return async world =>
        {
            var (plan, machines) = Plan(world, name);
            ReprotectInput? input = null;
            if (given)
            {
                var first = world.Vault!.Item(world.ItemId(machines[0][0]));
                input = toAzure switch
                {
                    true => new ReprotectToAzureInput(values.OnPremisesProcessServer ?? ""),
                    false => values.ToOnPremises(world),
                    null => values.For(first, world),
                };
            }
            return Done(await EngineSteps.Run(() => world.Vault!.Plans.ReprotectAsync(plan, input)), "");
        };
    }

    /// <summary><c>delete-plan: {plan}</c>: removes a recovery plan (ASR's DELETE of it); its machines stay as they are.</summary>
    public static Func<DrillWorld, Task<string>> Delete(Node args, Topology topology)
    {
        var name = StepBinder.Plan(StepBinder.Fields(args).Required("plan"), topology);
        topology.Defined.Plans.Remove(name); // later steps may not name it, unless a create-plan makes it again
        return world =>
        {
            var (_, machines) = Plan(world, name);
            world.Plans.Remove(name);
            return Task.FromResult($"plan {name} deleted; its machines ({string.Join(", ", machines.SelectMany(g => g))}) stay as they are");
        };
    }

    private static (RecoveryPlan Plan, List<List<string>> Machines) Plan(DrillWorld world, string name) =>
        world.Plans.TryGetValue(name, out var plan) ? plan
        : throw new StepFailure("RecoveryPlanNotFound", $"no recovery plan '{name}'; create it first with create-plan (plans: {(world.Plans.Count == 0 ? "none" : string.Join(", ", world.Plans.Keys))}).");

    internal static string Done(Job job, string detail)
    {
        if (job.State != JobState.Succeeded)
        {
            var code = job.Errors.Count > 0 ? job.Errors[0].Code : job.State.ToString();
            throw new StepFailure(code, $"{job.Id} {job.Operation} of plan {job.TargetId} {job.State}: {string.Join("; ", job.Errors.Select(e => $"{e.Code}: {e.Message}"))}{(detail.Length > 0 ? "; " + detail : "")}");
        }
        return $"{job.Id} {job.Operation} of plan {job.TargetId} succeeded ({job.ChildJobIds.Count} item job(s)){(detail.Length > 0 ? "; " + detail : "")}";
    }
}
