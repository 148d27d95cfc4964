using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;
using AzureVm = Failback.Engine.Ports.Arm.Resources.VirtualMachine;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Test failover and its cleanup, of one machine or of a recovery plan, as ASR runs them: a "-test" VM at a recovery
/// point in a test network (the vault's isolated one unless a network is named) while replication goes on; cleanup
/// deletes the test VM and its disks and records the drill's notes. Each test VM is judged against the ground truth.
/// </summary>
internal static class TestFailoverSteps
{
    /// <summary><c>test-failover: {vm, point, network}</c>.</summary>
    public static Func<DrillWorld, Task<string>> TestFailover(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var pointNode = m.Optional("point");
        var point = pointNode?.AsString() ?? "latest";
        if (point is not ("latest" or "latest-app-consistent") && !point.StartsWith("rp-", StringComparison.Ordinal))
            throw pointNode!.Error($"point must be latest, latest-app-consistent or a listed point's id such as rp-4, not '{point}'.");
        var network = m.Optional("network")?.AsString();
        return async world =>
        {
            var vault = world.Vault!;
            var id = world.ItemId(vm);
            var job = await EngineSteps.Run(() => vault.TestFailoverAsync(id, Input(world, point, network)));
            return Done(world, vm, job, job.State == JobState.Succeeded ? Describe(Judge(world, vm)) : "");
        };
    }

    private static TestFailoverInput Input(DrillWorld world, string point, string? network) => point switch
    {
        "latest" => new TestFailoverInput(NetworkId(world, network)),
        "latest-app-consistent" => new TestFailoverInput(NetworkId(world, network), RecoveryPointType.LatestTag),
        _ => new TestFailoverInput(NetworkId(world, network), RecoveryPointType.Custom, point),
    };

    /// <summary>The test failover a <c>test-failover</c> step starts, asked of the vault before any job.</summary>
    public static Func<DrillWorld, Task<AsrError?>> TestFailoverPreflight(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var point = m.Optional("point")?.AsString() ?? "latest";
        var network = m.Optional("network")?.AsString();
        return world => world.Vault!.PreflightAsync(world.ItemId(vm), AsrOperation.TestFailover, Input(world, point, network));
    }

    /// <summary>The cleanup a <c>test-failover-cleanup</c> step starts, asked of the vault before any job.</summary>
    public static Func<DrillWorld, Task<AsrError?>> CleanupPreflight(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var notes = m.Optional("notes")?.AsString();
        return world => world.Vault!.PreflightAsync(world.ItemId(vm), AsrOperation.TestFailoverCleanup, new TestFailoverCleanupInput(notes));
    }

    /// <summary><c>test-failover-cleanup: {vm, notes}</c>.</summary>
    public static Func<DrillWorld, Task<string>> Cleanup(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var notes = m.Optional("notes")?.AsString();
        return async world =>
        {
            var job = await EngineSteps.Run(() => world.Vault!.TestFailoverCleanupAsync(world.ItemId(vm), new TestFailoverCleanupInput(notes)));
            return Done(world, vm, job, job.Comments is { } c ? $"notes recorded: \"{c}\"" : "");
        };
    }

    /// <summary><c>plan-test-failover: {plan, point, network}</c>: every machine of the plan, group by group.</summary>
    public static Func<DrillWorld, Task<string>> PlanTestFailover(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = StepBinder.Plan(m.Required("plan"), topology);
        var type = m.Optional("point")?.AsEnum(("latest", RecoveryPointType.LatestTime), ("latest-app-consistent", RecoveryPointType.LatestTag)) ?? RecoveryPointType.LatestTime;
        var network = m.Optional("network")?.AsString();
        return async world =>
        {
            var (plan, machines) = world.Plans.TryGetValue(name, out var p) ? p : throw new StepFailure("RecoveryPlanNotFound", $"no recovery plan '{name}'.");
            var job = await EngineSteps.Run(() => world.Vault!.Plans.TestFailoverAsync(plan, type, NetworkId(world, network)));
            // Each machine whose item job succeeded is judged, even when a later group failed.
            var succeeded = job.ChildJobIds.Select(world.Vault!.Job).Where(j => j?.State == JobState.Succeeded).Select(j => j!.TargetId).ToHashSet(StringComparer.Ordinal);
            var tested = machines.SelectMany(g => g).Where(vm => succeeded.Contains(world.ItemId(vm)))
                .Select(vm => $"{vm} {Describe(Judge(world, vm))}").ToList();
            return PlanSteps.Done(job, string.Join("; ", tested));
        };
    }

    /// <summary><c>plan-test-failover-cleanup: {plan, notes}</c>.</summary>
    public static Func<DrillWorld, Task<string>> PlanCleanup(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = StepBinder.Plan(m.Required("plan"), topology);
        var notes = m.Optional("notes")?.AsString();
        return async world =>
        {
            var plan = world.Plans.TryGetValue(name, out var p) ? p.Plan : throw new StepFailure("RecoveryPlanNotFound", $"no recovery plan '{name}'.");
            return PlanSteps.Done(await EngineSteps.Run(() => world.Vault!.Plans.TestFailoverCleanupAsync(plan, notes)), notes is null ? "" : $"notes recorded: \"{notes}\"");
        };
    }

    /// <summary>A network named in a drill is one of the vault's resource group (the recovery network names production).</summary>
    private static string? NetworkId(DrillWorld world, string? network)
    {
        if (network is null) return null;
        var s = world.Vault!.Settings;
        return Engine.Ports.Arm.ArmTypes.VirtualNetwork(s.SubscriptionId, s.ResourceGroup, network).ToString();
    }

    /// <summary>
    /// The test VM's disks against the ground truth at the test's point: every write before the replication leg and the
    /// leg's writes up to the point's sequence (one agent sequence per guest write); and whether it reaches the configuration server.
    /// </summary>
    private static TestFailoverRecord Judge(DrillWorld world, string vm)
    {
        var vault = world.Vault!;
        var id = world.ItemId(vm);
        var machine = world.Machine(vm);
        var item = vault.Item(id);
        var point = item.TestFailoverRecoveryPoint!;
        var testVm = vault.TestVm(id)!;
        var cloud = world.Azure!.Cloud;
        var problems = new List<string>();
        var writes = machine.Truth.Writes;
        var leg = machine.CurrentLeg;
        var viaLeg = writes.Where(w => ReferenceEquals(w.ViaLeg, leg)).ToList();
        var beforeLeg = viaLeg.Count > 0 ? viaLeg[0].Number - 1 : writes.Count;
        var kept = beforeLeg + (int)Math.Min(point.Sequence, viaLeg.Count);
        for (var disk = 0; disk < machine.DiskCount; disk++)
        {
            if (!machine.Truth.Records(Machine.DiskId(disk))) continue;
            using var device = cloud.OpenGuestDisk(testVm, disk == 0 ? null : disk - 1);
            if (machine.Truth.FirstDifference(Machine.DiskId(disk), kept, device) is { } at)
                problems.Add($"test disk {disk} differs from the ground truth at {point.Id} at byte {at}");
        }
        var address = cloud.Resources.OfType<AzureVm>().FirstOrDefault(v => v.Id == testVm)?.PrivateIpAddresses.FirstOrDefault() ?? testVm.Name;
        var reaches = cloud.Network.Check(address, vault.Settings.ConfigurationServerIp, 443).Reachable;
        var record = new TestFailoverRecord(world.CurrentStep, vm, point.Id, testVm.Name, reaches, problems);
        machine.TestFailovers.Add(record);
        return record;
    }

    private static string Describe(TestFailoverRecord r) =>
        $"to {r.Point}: test VM {r.TestVm}{(r.MatchesTruth ? ", disks equal the ground truth at the point" : $"; {string.Join("; ", r.Problems)}")}"
        + (r.ReachesProduction ? ", reaches the configuration server" : ", isolated from production");

    private static string Done(DrillWorld world, string vm, Job job, string detail)
    {
        var done = EngineSteps.Done(world, vm, job, detail);
        var item = world.Vault!.Item(world.ItemId(vm));
        return $"{done}, testFailoverState {item.TestFailoverState}";
    }
}
