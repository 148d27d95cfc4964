using Failback.Engine.Ports;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// ASR's operations on one machine through the vault, as the portal starts them: enable protection,
/// failover (to the latest, the latest app-consistent or a listed point), commit, reprotect (either
/// direction) and disable protection. A job that fails makes the step fail with the job's error code.
/// </summary>
internal static class EngineSteps
{
    /// <summary>
    /// <c>enable-protection: {vm, process-server}</c>; <c>vm</c> may list several machines, protected at once
    /// (members of a replication group then take their consistency points at the same moments).
    /// </summary>
    public static Func<DrillWorld, Task<string>> EnableProtection(Node args, Topology topology)
    {
        var (vms, ps, network, input) = BindEnable(args, topology);
        return async world =>
        {
            var given = input(world);
            var jobs = await Task.WhenAll(vms.Select(vm => Run(() => world.Vault!.EnableProtectionAsync(world.ItemId(vm), given))).ToArray());
            return string.Join("; ", vms.Select((vm, i) => Done(world, vm, jobs[i], $"through {ps}{(network is null ? "" : $" into {network}")}")));
        };
    }

    /// <summary>Enable protection's machines, process server, recovery network and the input it gives the vault.</summary>
    private static (IReadOnlyList<string> Vms, string ProcessServer, string? Network, Func<DrillWorld, EnableProtectionInput> Input) BindEnable(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vms = m.Required("vm").AsListOrOne().Select(n => StepBinder.Protectable(n, topology)).ToList();
        var ps = m.Optional("process-server") is { } psNode ? StepBinder.ProcessServer(psNode, topology) : topology.Vault!.ProcessServers.FirstOrDefault(p => !p.InAzure)?.Name ?? "";
        var account = m.Optional("run-as-account") is { } a ? StepBinder.RunAsAccount(a, topology) : null;
        string? network = null;
        if (m.Optional("recovery-network") is { } netNode)
        {
            network = VaultTopology.Network(netNode, topology.Vault!.Azure);
            if (topology.Vault.Azure.IsClassic(network))
                throw netNode.Error($"'{network}' is a classic network; failover creates Resource Manager VMs on managed disks, so a recovery network is a Resource Manager one.");
        }
        return (vms, ps, network, world => new EnableProtectionInput(ps,
            RunAsAccountId: account is null ? null : RunAsAccountSteps.Id(world, account),
            TargetAzureNetworkId: network is null ? null : world.Azure!.NetworkId(network).ToString()));
    }

    public static Func<DrillWorld, Task<string>> Failover(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var point = FailoverPoint(m.Optional("point"));
        var shutDown = m.Optional("shut-down")?.AsBool() ?? false;
        return async world =>
        {
            var id = world.ItemId(vm);
            var vault = world.Vault!;
            var (type, pointId) = point == "latest" ? (RecoveryPointType.Latest, null) : Resolve(world, vm, point);
            var input = new UnplannedFailoverInput(type, pointId) { ShutDownSource = shutDown };
            var machine = world.Machine(vm);
            var leg = machine.CurrentLeg;
            var started = world.Simulation.Clock.GetUtcNow();
            var job = await Run(() => vault.UnplannedFailoverAsync(id, input));
            if (job.State != JobState.Succeeded) return Done(world, vm, job, "");
            return Done(world, vm, job, Describe(machine.FailedOver(world.CurrentStep, leg, started)));
        };
    }

    /// <summary>
    /// <c>change-recovery-point: {vm, point}</c>: ASR's Change recovery point (applyRecoveryPoint) between a failover to Azure and its
    /// commit; the failover is judged again against the ground truth at the new point.
    /// </summary>
    public static Func<DrillWorld, Task<string>> ChangeRecoveryPoint(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var point = Point(m.Optional("point"));
        return async world =>
        {
            var (type, pointId) = Resolve(world, vm, point);
            var job = await Run(() => world.Vault!.ChangeRecoveryPointAsync(world.ItemId(vm), new ApplyRecoveryPointInput(type, pointId)));
            if (job.State != JobState.Succeeded) return Done(world, vm, job, "");
            return Done(world, vm, job, Describe(world.Machine(vm).PointChanged(world.CurrentStep)));
        };
    }

    /// <summary>A step's recovery point choice: latest, latest-app-consistent, previous (the second newest listed point) or a listed id.</summary>
    private static string Point(Node? node)
    {
        var point = node?.AsString() ?? "latest";
        if (point is not ("latest" or "latest-app-consistent" or "previous") && !point.StartsWith("rp-", StringComparison.Ordinal))
            throw node!.Error($"point must be latest, latest-app-consistent, previous (the second newest listed point) or a listed point's id such as rp-4, not '{point}'.");
        return point;
    }

    /// <summary>
    /// A failover's recovery point choice, as ASR's failover offers it: latest (the changes on their way processed first),
    /// latest-processed (ASR's default), or any choice of <see cref="Point"/>.
    /// </summary>
    private static string FailoverPoint(Node? node) => node is null ? "latest-processed" : node.AsString() == "latest-processed" ? "latest-processed" : Point(node);

    private static (RecoveryPointType Type, string? Id) Resolve(DrillWorld world, string vm, string point)
    {
        var points = world.Vault!.RecoveryPoints(world.ItemId(vm));
        return point switch
        {
            "latest" or "latest-processed" => (RecoveryPointType.LatestTime, null),
            "latest-app-consistent" => (RecoveryPointType.LatestTag, null),
            "previous" => points is { Count: >= 2 } ? (RecoveryPointType.Custom, points[^2].Id)
                : throw new StepFailure(ErrorCatalog.RecoveryPointNotFound.Code, $"{vm} lists {points.Count} recovery point(s); 'previous' needs two."),
            _ => (RecoveryPointType.Custom, point),
        };
    }

    public static string Describe(FailoverRecord r) =>
        $"to {r.Point}: kept {r.KeptWrites} write(s), lost {r.LostWrites} ({Quantities.FormatSize(r.LostBytes)}){(r.MatchesTruth ? ", disks equal the ground truth at the point" : $"; {string.Join("; ", r.Problems)}")}";

    /// <summary><c>restart-job: {vm}</c>: restarts the machine's failed job that allows Restart (ASR's fix for 78093) and waits for it.</summary>
    public static Func<DrillWorld, Task<string>> RestartJob(Node args, Topology topology)
    {
        var vm = StepBinder.Protectable(StepBinder.Fields(args).Required("vm"), topology);
        return async world =>
        {
            var id = world.ItemId(vm);
            // The job that allows Restart, else the item's last job, whose refusal says why it cannot be restarted.
            var jobs = world.Vault!.Jobs.Where(j => j.TargetId == id).ToList();
            var job = jobs.LastOrDefault(j => j.AllowedActions.Contains(JobNames.Restart)) ?? jobs.LastOrDefault();
            if (job is null)
                throw new StepFailure(ErrorCatalog.JobNotRestartable.Code, ErrorCatalog.JobNotRestartable.Create($"{vm} has no job yet").Message);
            return $"{job.Id} restarted: " + Done(world, vm, await Run(() => world.Vault.RestartJobAsync(job.Id)), "");
        };
    }

    /// <summary>
    /// <c>cancel-job: {vm, after}</c>: after <c>after</c> of virtual time, cancels the machine's running job (ASR's Cancel job
    /// action); with <c>parallel</c> beside the operation whose job it cancels.
    /// </summary>
    public static Func<DrillWorld, Task<string>> CancelJob(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var after = m.Optional("after")?.AsDuration() ?? TimeSpan.Zero;
        return async world =>
        {
            if (after > TimeSpan.Zero) await world.Simulation.Clock.Delay(after);
            var id = world.ItemId(vm);
            var vault = world.Vault!;
            var job = vault.Jobs.LastOrDefault(j => j.TargetId == id && j.AllowedActions.Contains(JobNames.Cancel))
                ?? vault.Jobs.LastOrDefault(j => j.TargetId == id);
            if (job is null)
                throw new StepFailure(ErrorCatalog.JobNotCancellable.Code, ErrorCatalog.JobNotCancellable.Create($"{vm} has no job yet").Message);
            var cancelled = Refused(() => vault.CancelJob(job.Id));
            var task = cancelled.Tasks.FirstOrDefault(t => t.State == JobState.InProgress)?.Name;
            return $"{cancelled.Id} ({cancelled.FriendlyName} of {vm}) asked to cancel{(task is null ? "" : $" during \"{task}\"")}";
        };
    }

    public static Func<DrillWorld, Task<string>> Commit(Node args, Topology topology)
    {
        var vm = StepBinder.Protectable(StepBinder.Fields(args).Required("vm"), topology);
        return async world =>
        {
            var job = await Run(() => world.Vault!.CommitAsync(world.ItemId(vm)));
            if (job.State != JobState.Succeeded) return Done(world, vm, job, "");
            return Done(world, vm, job, Describe(world.Machine(vm).Committed(world.CurrentStep, world.Vault!.Item(world.ItemId(vm)).FailoverRecoveryPoint?.Id)));
        };
    }

    public static string Describe(CommitRecord r) =>
        $"keeping {r.Point ?? "no recovery point"}{(r.MatchesTruth ? ", disks equal the ground truth" : $"; {string.Join("; ", r.Problems)}")}";

    public static Func<DrillWorld, Task<string>> DisableProtection(Node args, Topology topology)
    {
        var vm = StepBinder.Protectable(StepBinder.Fields(args).Required("vm"), topology);
        return async world => Done(world, vm, await Run(() => world.Vault!.DisableProtectionAsync(world.ItemId(vm))), "");
    }

    /// <summary>
    /// <c>reprotect: {vm, master-target, process-server, datastore, retention-volume, location}</c>: from Azure back to
    /// on-premises (the master target, the process server in Azure, the datastore and the retention volume; defaults from
    /// the topology) or, after failback, to Azure again (an on-premises process server). <c>location</c> checks which one
    /// failback chose: the original VM or a new one on the master target's host.
    /// </summary>
    public static Func<DrillWorld, Task<string>> Reprotect(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var values = ReprotectValues.Bind(m, topology);
        var location = m.Optional("location")?.AsEnum(("original", true), ("alternate", false));
        var account = m.Optional("run-as-account") is { } a ? StepBinder.RunAsAccount(a, topology) : null;
        return async world =>
        {
            var id = world.ItemId(vm);
            var vault = world.Vault!;
            var machine = world.Machine(vm);
            var input = ReprotectInputOf(world, vm, values, account);
            var job = await Run(() => vault.ReprotectAsync(id, input));
            var detail = input is ReprotectToOnPremisesInput back ? $"to on-premises through {back.ProcessServer} to {back.MasterTarget} on {back.Datastore}, retention {back.RetentionVolume}" : $"to Azure through {input switch { ReprotectToAzureInput a => a.ProcessServer, _ => "" }}";
            if (job.State == JobState.Succeeded && input is ReprotectToOnPremisesInput)
            {
                var target = machine.OnPremisesVm();
                var original = target is not null && ReferenceEquals(target, machine.Vm);
                detail += original ? " (original location)" : $" (alternate location: new VM on {target?.Host.Name}, {target?.Datastore.Name})";
                if (location is { } wanted && wanted != original)
                    throw new StepFailure("LocationMismatch", $"{vm} was reprotected to the {(original ? "original" : "alternate")} location, not the {(wanted ? "original" : "alternate")} one.");
            }
            return Done(world, vm, job, detail);
        };
    }

    /// <summary>Reprotect's input for where the machine runs now, with the run-as account the step names.</summary>
    private static ReprotectInput ReprotectInputOf(DrillWorld world, string vm, ReprotectValues values, string? account)
    {
        var accountId = account is null ? null : RunAsAccountSteps.Id(world, account);
        return values.For(world.Vault!.Item(world.ItemId(vm)), world) switch
        {
            ReprotectToOnPremisesInput toOnPremises => toOnPremises with { RunAsAccountId = accountId },
            ReprotectToAzureInput forward => forward with { RunAsAccountId = accountId },
            var other => other,
        };
    }

    // ---- preflights: the operation a step starts, asked of the vault before any job (a lab's synchronous refusal) ----

    public static Func<DrillWorld, Task<AsrError?>> EnableProtectionPreflight(Node args, Topology topology)
    {
        var (vms, _, _, input) = BindEnable(args, topology);
        return async world =>
        {
            var given = input(world);
            foreach (var vm in vms)
                if (await world.Vault!.PreflightAsync(world.ItemId(vm), AsrOperation.EnableProtection, given) is { } error) return error;
            return null;
        };
    }

    public static Func<DrillWorld, Task<AsrError?>> FailoverPreflight(Node args, Topology topology) => PointPreflight(args, topology, AsrOperation.UnplannedFailover);

    public static Func<DrillWorld, Task<AsrError?>> ChangeRecoveryPointPreflight(Node args, Topology topology) => PointPreflight(args, topology, AsrOperation.ChangePit);

    private static Func<DrillWorld, Task<AsrError?>> PointPreflight(Node args, Topology topology, AsrOperation operation)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var point = operation == AsrOperation.UnplannedFailover ? FailoverPoint(m.Optional("point")) : Point(m.Optional("point"));
        return world =>
        {
            var (type, pointId) = Resolve(world, vm, point);
            object input = operation == AsrOperation.ChangePit ? new ApplyRecoveryPointInput(type, pointId) : new UnplannedFailoverInput(type, pointId);
            return world.Vault!.PreflightAsync(world.ItemId(vm), operation, input);
        };
    }

    public static Func<DrillWorld, Task<AsrError?>> CommitPreflight(Node args, Topology topology) => ItemPreflight(args, topology, AsrOperation.Commit);

    public static Func<DrillWorld, Task<AsrError?>> DisableProtectionPreflight(Node args, Topology topology) => ItemPreflight(args, topology, AsrOperation.DisableProtection);

    private static Func<DrillWorld, Task<AsrError?>> ItemPreflight(Node args, Topology topology, AsrOperation operation)
    {
        var vm = StepBinder.Protectable(StepBinder.Fields(args).Required("vm"), topology);
        return world => world.Vault!.PreflightAsync(world.ItemId(vm), operation);
    }

    public static Func<DrillWorld, Task<AsrError?>> ReprotectPreflight(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var values = ReprotectValues.Bind(m, topology);
        var account = m.Optional("run-as-account") is { } a ? StepBinder.RunAsAccount(a, topology) : null;
        return world => world.Vault!.PreflightAsync(world.ItemId(vm), AsrOperation.ReverseReplicate, ReprotectInputOf(world, vm, values, account));
    }

    /// <summary><c>wait-for-replication: {vm, until: initial-replication|catch-up}</c>: waits in virtual time.</summary>
    public static Func<DrillWorld, Task<string>> WaitForReplication(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var catchUp = m.Optional("until")?.AsEnum(("initial-replication", false), ("catch-up", true)) ?? false;
        return async world =>
        {
            var id = world.ItemId(vm);
            var vault = world.Vault!;
            var from = world.Now;
            try
            {
                if (catchUp) await vault.WaitForCatchUpAsync(id);
                else await vault.WaitForInitialReplicationAsync(id);
            }
            catch (InvalidOperationException e)
            {
                throw new StepFailure("NotReplicating", e.Message);
            }
            var sent = vault.InitialReplication(id);
            return $"{vm}: {(catchUp ? "caught up" : "initial replication done")} after {Quantities.FormatDuration(world.Now - from)} ({ProtectionStateNames.Of(vault.Item(id).State).State}; {string.Join(", ", sent.Select(s => $"{s.DiskId} {s.Mode} sent {Quantities.FormatSize(s.BytesSent)}"))})";
        };
    }

    /// <summary>Runs a configuration server action: a refusal (AsrException) fails the step with its code.</summary>
    internal static T Refused<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (AsrException e)
        {
            throw new StepFailure(e.Error.Code, e.Error.Message);
        }
    }

    internal static async Task<T> Refused<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (AsrException e)
        {
            throw new StepFailure(e.Error.Code, e.Error.Message);
        }
    }

    /// <summary>Runs an operation: a refusal before any job (AsrException) fails the step with its code; the job is returned.</summary>
    internal static async Task<Job> Run(Func<Task<Job>> operation)
    {
        try
        {
            return await operation();
        }
        catch (AsrException e)
        {
            throw new StepFailure(e.Error.Code, $"refused before any job: {e.Error.Message}");
        }
    }

    /// <summary>A step's account of its job; a job that did not succeed fails the step with the job's first error code.</summary>
    internal static string Done(DrillWorld world, string vm, Job job, string detail)
    {
        if (job.State != JobState.Succeeded)
        {
            var code = job.Errors.Count > 0 ? job.Errors[0].Code : job.State.ToString();
            throw new StepFailure(code, $"{job.Id} {job.Operation} {job.State}: {string.Join("; ", job.Errors.Select(e => $"{e.Code}: {e.Message}"))}");
        }
        var state = ProtectionStateNames.Of(world.Vault!.Item(world.ItemId(vm)).State).State;
        return $"{job.Id} {job.Operation} of {vm} succeeded{(detail.Length > 0 ? " " + detail : "")}; now {state}";
    }
}

/// <summary>Reprotect's values as a scenario gives them, with the topology's defaults for the rest; the direction comes from where the item runs.</summary>
internal sealed record ReprotectValues(string? MasterTarget, string? AzureProcessServer, string? Datastore, string? RetentionVolume, string? OnPremisesProcessServer,
    string? UsualRetentionVolume = null)
{
    public static ReprotectValues Bind(MapNode m, Topology topology)
    {
        var v = topology.Vault!;
        var mt = m.Optional("master-target") is { } mtNode ? StepBinder.MasterTarget(mtNode, topology) : v.MasterTargets.FirstOrDefault()?.Vm;
        var ps = m.Optional("process-server") is { } psNode ? StepBinder.ProcessServer(psNode, topology) : null;
        var mtSpec = v.MasterTargets.FirstOrDefault(x => x.Vm == mt);
        var datastore = m.Optional("datastore") is { } dsNode ? StepBinder.Datastore(dsNode, topology) : (mtSpec is null ? null : topology.Vms.First(x => x.Name == mtSpec.Vm).Datastore);
        var retention = m.Optional("retention-volume") is { } rvNode ? MasterTargetVolume(rvNode, mtSpec, topology) : null;
        var usual = mtSpec?.Retention ?? mtSpec?.Volumes.Select(x => x.Mount).FirstOrDefault(x => x is Engine.Components.MasterTarget.WindowsRetentionDefault or Engine.Components.MasterTarget.LinuxRetentionDefault);
        return new(mt, ps ?? v.ProcessServers.FirstOrDefault(p => p.InAzure)?.Name, datastore, retention, ps ?? v.ProcessServers.FirstOrDefault(p => !p.InAzure)?.Name, usual);
    }

    /// <summary>A volume of the master target (eligible or not: RP-4 is the engine's to refuse, at run time).</summary>
    private static string MasterTargetVolume(Node node, VaultTopology.MasterTargetSpec? masterTarget, Topology topology) =>
        topology.Defined.Known(node, masterTarget is null || masterTarget.Volumes.Any(v => v.Mount == node.AsString()),
            () => $"master target '{masterTarget!.Vm}' has no volume '{node.AsString()}'; its volumes: {string.Join(", ", masterTarget.Volumes.Select(v => v.Mount))}.");

    public ReprotectInput For(ProtectedItem item, DrillWorld world) => item.ActiveLocation == Site.Azure
        ? ToOnPremises(world)
        : new ReprotectToAzureInput(OnPremisesProcessServer ?? "");

    /// <summary>
    /// Back to on-premises; without a retention volume, the one the master target registered with (as the reprotect
    /// dialog proposes it), or for a master target not registered, its usual one.
    /// </summary>
    public ReprotectToOnPremisesInput ToOnPremises(DrillWorld world) => new(MasterTarget ?? "", AzureProcessServer ?? "", Datastore ?? "",
        RetentionVolume ?? (MasterTarget is null ? null : world.MasterTargets.GetValueOrDefault(MasterTarget)?.RetentionVolume?.MountPoint) ?? UsualRetentionVolume ?? "");
}
