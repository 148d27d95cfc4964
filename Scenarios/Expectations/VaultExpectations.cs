using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Replication;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// Expectations on what the vault shows: an item's state, allowed operations and where it runs; what a
/// failover cost against the ground truth; RPO; bytes sent; how the last initial replication went; the jobs.
/// </summary>
internal static class VaultExpectations
{
    /// <summary><c>item: {vm, state, allowed-ops: [...], location: azure|on-premises}</c>: state is ASR's protectionState.</summary>
    public static BoundExpectation Item(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        // ASR's protectionState strings, and its allowedOperations values (enabling protection is the PUT, never one).
        var state = m.Optional("state")?.AsEnum([.. Enum.GetValues<ProtectionState>().Select(s => ProtectionStateNames.Of(s).State).Distinct().Select(s => (s, s))]);
        var ops = m.Optional("allowed-ops")?.AsListOrOne().Select(o => o.AsEnum(
            [.. Enum.GetValues<AsrOperation>().Where(op => op != AsrOperation.EnableProtection).Select(s => (s.ToString(), s))])).Order().ToList();
        var location = m.Optional("location")?.AsEnum(("azure", Site.Azure), ("on-premises", Site.OnPremises));
        var host = m.Optional("host") is { } h ? StepBinder.Host(h, topology) : null;
        var datastore = m.Optional("datastore") is { } d ? StepBinder.Datastore(d, topology) : null;
        var original = m.Optional("original-vm")?.AsBool();
        var testState = m.Optional("test-failover-state")?.AsEnum([.. Enum.GetValues<TestFailoverState>().Select(s => (s.ToString(), s))]);
        if (state is null && ops is null && location is null && host is null && datastore is null && original is null && testState is null)
            throw m.Node.Error("an item expectation checks at least one of state, allowed-ops, location, host, datastore, original-vm, test-failover-state.");
        var expected = Describe(("state", state), ("allowed-ops", ops is null ? null : "[" + string.Join(", ", ops) + "]"), ("location", location),
            ("host", host), ("datastore", datastore), ("original-vm", original), ("test-failover-state", testState));
        return new(item, $"{vm} {expected}", (world, _) =>
        {
            var id = world.ItemId(vm);
            var it = world.Vault!.Item(id);
            var actual = Describe(("state", state is null ? null : ProtectionStateNames.Of(it.State).State),
                ("allowed-ops", ops is null ? null : "[" + string.Join(", ", world.Vault.AllowedOperations(id).Order()) + "]"),
                ("location", location is null ? null : it.ActiveLocation),
                // The on-premises VM the item is now: the original, or a new one failback created (LOC-7, LOC-8).
                ("host", host is null ? null : world.Machine(vm).OnPremisesVm()?.Host.Name ?? "(none)"),
                ("datastore", datastore is null ? null : world.Machine(vm).OnPremisesVm()?.Datastore.Name ?? "(none)"),
                ("original-vm", original is null ? null : ReferenceEquals(world.Machine(vm).OnPremisesVm(), world.Machine(vm).Vm)),
                ("test-failover-state", testState is null ? null : it.TestFailoverState));
            return new Verdict(actual == expected, $"{vm} {actual}");
        });
    }

    /// <summary>
    /// <c>failover: {vm, nth, matches-truth, lost-writes-at-most, lost-bytes-at-most, window-at-most, point}</c>: the nth
    /// failover of the machine (default: the last) left disks equal to the ground truth at its point, and lost at most this much.
    /// </summary>
    public static BoundExpectation Failover(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var nth = m.Optional("nth")?.AsInt(1);
        var matches = m.Optional("matches-truth")?.AsBool() ?? true;
        var writesMax = m.Optional("lost-writes-at-most")?.AsInt(0);
        var writesMin = m.Optional("lost-writes-at-least")?.AsInt(0);
        var bytesMax = m.Optional("lost-bytes-at-most")?.AsSize();
        var bytesMin = m.Optional("lost-bytes-at-least")?.AsSize();
        var windowMax = m.Optional("window-at-most")?.AsDuration();
        var samePointAs = m.Optional("same-point-as") is { } other ? StepBinder.Protectable(other, topology) : null;
        var which = nth is null ? "last failover" : $"failover #{nth}";
        var expected = $"{vm} {which}: disks {(matches ? "equal" : "differ from")} the ground truth at the point"
            + (writesMin is null ? "" : $", lost >= {writesMin} writes") + (writesMax is null ? "" : $", lost <= {writesMax} writes")
            + (bytesMin is null ? "" : $", lost >= {Quantities.FormatSize(bytesMin.Value)}")
            + (bytesMax is null ? "" : $", lost <= {Quantities.FormatSize(bytesMax.Value)}") + (windowMax is null ? "" : $", window <= {Quantities.FormatDuration(windowMax.Value)}")
            + (samePointAs is null ? "" : $", the point of the same moment as {samePointAs}'s");
        FailoverRecord? Nth(DrillWorld world, string machine)
        {
            var records = world.Machine(machine).Failovers;
            return nth is { } n ? records.ElementAtOrDefault(n - 1) : records.LastOrDefault();
        }
        return new(item, expected, (world, _) =>
        {
            if (Nth(world, vm) is not { } r) return new Verdict(false, $"{vm} has {world.Machine(vm).Failovers.Count} failover(s)");
            var peer = samePointAs is null ? null : Nth(world, samePointAs);
            var held = r.MatchesTruth == matches && (writesMax is null || r.LostWrites <= writesMax) && (writesMin is null || r.LostWrites >= writesMin)
                && (bytesMax is null || r.LostBytes <= bytesMax) && (bytesMin is null || r.LostBytes >= bytesMin) && (windowMax is null || r.Window <= windowMax)
                && (samePointAs is null || peer?.PointTime == r.PointTime);
            return new Verdict(held, $"{vm} failover of step {r.Step} to {r.Point}: disks {(r.MatchesTruth ? "equal" : "differ from")} the ground truth at the point, "
                + $"lost {r.LostWrites} writes ({Quantities.FormatSize(r.LostBytes)}, the engine counts {r.EngineLostWrites}), window {ReportWindow(r.Window)}"
                + (samePointAs is null ? "" : peer is null ? $"; {samePointAs} has no such failover"
                    : $"; point at +{Quantities.FormatDuration(world.Since(r.PointTime))}, {samePointAs}'s {peer.Point} at +{Quantities.FormatDuration(world.Since(peer.PointTime))}")
                + (r.MatchesTruth ? "" : $" ({string.Join("; ", r.Problems)})"));
        });
    }

    /// <summary>
    /// <c>commit: {vm, nth, point, matches-truth}</c>: the nth commit of the machine (default: the last) kept recovery point
    /// <c>point</c> (the failover's, or the one a change of recovery point applied), and the disks where the machine then ran
    /// held the ground truth at that point.
    /// </summary>
    public static BoundExpectation Commit(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var nth = m.Optional("nth")?.AsInt(1);
        var pointNode = m.Optional("point");
        var point = pointNode?.AsString();
        if (point is not null && !point.StartsWith("rp-", StringComparison.Ordinal))
            throw pointNode!.Error($"point must be a listed point's id such as rp-4, not '{point}'.");
        var matches = m.Optional("matches-truth")?.AsBool() ?? true;
        var which = nth is null ? "last commit" : $"commit #{nth}";
        var expected = $"{vm} {which}:{(point is null ? "" : $" kept {point},")} disks {(matches ? "equal" : "differ from")} the ground truth";
        return new(item, expected, (world, _) =>
        {
            var records = world.Machine(vm).Commits;
            var r = nth is { } n ? records.ElementAtOrDefault(n - 1) : records.LastOrDefault();
            if (r is null) return new Verdict(false, $"{vm} has {records.Count} commit(s)");
            var held = (point is null || r.Point == point) && r.MatchesTruth == matches;
            return new Verdict(held, $"{vm} commit of step {r.Step}: kept {r.Point ?? "no recovery point"}, disks {(r.MatchesTruth ? "equal" : "differ from")} the ground truth"
                + (r.MatchesTruth ? "" : $" ({string.Join("; ", r.Problems)})"));
        });
    }

    /// <summary>
    /// <c>test-failover: {vm, nth, matches-truth, isolated, test-vm-exists}</c>: the nth test failover of the machine (default: the
    /// last) made a test VM whose disks equal the ground truth at its point and that could not reach the configuration server;
    /// <c>test-vm-exists</c> looks at Azure itself for the machine's "-test" VM, network interface and disks.
    /// </summary>
    public static BoundExpectation TestFailover(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var nth = m.Optional("nth")?.AsInt(1);
        var matches = m.Optional("matches-truth")?.AsBool() ?? true;
        var isolated = m.Optional("isolated")?.AsBool() ?? true;
        var exists = m.Optional("test-vm-exists")?.AsBool();
        var which = nth is null ? "last test failover" : $"test failover #{nth}";
        var expected = $"{vm} {which}: disks {(matches ? "equal" : "differ from")} the ground truth at the point, {(isolated ? "isolated" : "reaches production")}"
            + (exists is null ? "" : $", test resources {(exists.Value ? "exist" : "gone")}");
        return new(item, expected, (world, _) =>
        {
            var records = world.Machine(vm).TestFailovers;
            var r = nth is { } n ? records.ElementAtOrDefault(n - 1) : records.LastOrDefault();
            if (r is null) return new Verdict(false, $"{vm} has {records.Count} test failover(s)");
            // Azure itself, not the vault's record: any resource named after the machine's test failover.
            var left = world.Azure!.Cloud.Resources.Where(x => x.Id!.Name.StartsWith(vm + "-", StringComparison.OrdinalIgnoreCase)
                && x.Id.Name.Contains("-test", StringComparison.OrdinalIgnoreCase)).Select(x => x.Id!.Name).Order(StringComparer.Ordinal).ToList();
            var held = r.MatchesTruth == matches && r.ReachesProduction != isolated && (exists is null || exists == left.Count > 0);
            return new Verdict(held, $"{vm} test failover of step {r.Step} to {r.Point}: disks {(r.MatchesTruth ? "equal" : "differ from")} the ground truth at the point"
                + (r.MatchesTruth ? "" : $" ({string.Join("; ", r.Problems)})") + $", {(r.ReachesProduction ? "reaches production" : "isolated")}"
                + (exists is null ? "" : left.Count > 0 ? $", test resources exist ({string.Join(", ", left)})" : ", test resources gone"));
        });
    }

    /// <summary><c>guest: {vm, nic: static|dhcp, has: [packages], lacks: [packages]}</c>: the guest as it last ran (TS-2, TS-3).</summary>
    public static BoundExpectation Guest(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var nic = m.Optional("nic")?.AsEnum(("static", Engine.Ports.Guest.AddressMode.Static), ("dhcp", Engine.Ports.Guest.AddressMode.Dhcp));
        var has = m.Optional("has")?.AsListOrOne().Select(x => x.AsString()).ToList() ?? [];
        var lacks = m.Optional("lacks")?.AsListOrOne().Select(x => x.AsString()).ToList() ?? [];
        var expected = Describe(("nic", nic), ("has", has.Count == 0 ? null : string.Join(",", has)), ("lacks", lacks.Count == 0 ? null : string.Join(",", lacks)));
        return new(item, $"{vm} guest {expected}", (world, _) =>
        {
            var guest = world.Vault!.Guest(world.ItemId(vm));
            var actual = Describe(("nic", nic is null ? null : guest.Nics.FirstOrDefault()?.Mode),
                ("has", has.Count == 0 ? null : string.Join(",", has.Where(guest.Packages.Contains))),
                ("lacks", lacks.Count == 0 ? null : string.Join(",", lacks.Where(p => !guest.Packages.Contains(p)))));
            return new Verdict(actual == expected, $"{vm} guest {actual}");
        });
    }

    /// <summary><c>policy: {vm, rpo-threshold, retention, app-consistent-every, failback}</c>: the replication policy the item uses now (POL-1, POL-2).</summary>
    public static BoundExpectation Policy(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var rpo = m.Optional("rpo-threshold")?.AsDuration();
        var retention = m.Optional("retention")?.AsDuration();
        var app = m.Optional("app-consistent-every")?.AsDuration();
        var failback = m.Optional("failback")?.AsBool();
        var editable = m.Optional("editable")?.AsBool();
        var expected = Describe(("rpo-threshold", rpo), ("retention", retention), ("app-consistent-every", app), ("failback", failback), ("editable", editable));
        return new(item, $"{vm} policy {expected}", (world, _) =>
        {
            // While replicating back, reprotect uses the failback policy paired with the item's forward one (RP-5).
            var it = world.Vault!.Item(world.ItemId(vm));
            var p = it.Direction == ReplicationDirection.AzureToOnPremises ? Engine.Components.ReplicationPolicy.FailbackFor(it.Policy) : it.Policy;
            var actual = Describe(("rpo-threshold", rpo is null ? null : p.RpoThreshold), ("retention", retention is null ? null : p.RecoveryPointRetention),
                ("app-consistent-every", app is null ? null : p.AppConsistentFrequency), ("failback", failback is null ? null : p.IsFailback), ("editable", editable is null ? null : p.Editable));
            return new Verdict(actual == expected, $"{vm} policy {p.Name}: {actual}");
        });
    }

    /// <summary><c>master-target: {vm, retention, offers}</c>: the retention volume a registered master target chose and those it offers (RP-4, PRE-9).</summary>
    public static BoundExpectation MasterTarget(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.MasterTarget(m.Required("vm"), topology);
        var retention = m.Optional("retention")?.AsString();
        var offers = m.Optional("offers") is { } o ? string.Join(", ", o.AsListOrOne().Select(x => x.AsString())) : null;
        var expected = Describe(("retention", retention), ("offers", offers is null ? null : $"[{offers}]"));
        return new(item, $"master target {vm} {expected}", (world, _) =>
        {
            if (!world.MasterTargets.TryGetValue(vm, out var mt)) return new Verdict(false, $"master target {vm} is not registered");
            var offered = string.Join(", ", mt.RetentionCandidates().Where(c => c.Eligible).Select(c => c.Volume.MountPoint));
            var actual = Describe(("retention", retention is null ? null : mt.RetentionVolume?.MountPoint ?? "none"), ("offers", offers is null ? null : $"[{offered}]"));
            return new Verdict(actual == expected, $"master target {vm} {actual}");
        });
    }

    /// <summary><c>rpo: {vm, at-most, at-least, health}</c>: the item's RPO when checked (zero when nothing replicates).</summary>
    public static BoundExpectation Rpo(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var max = m.Required("at-most").AsDuration();
        var min = m.Optional("at-least")?.AsDuration();
        var health = m.Optional("health")?.AsEnum([.. Enum.GetValues<ReplicationHealth>().Select(h => (h.ToString(), (ReplicationHealth?)h))]);
        var range = min is { } low ? $"{Quantities.FormatDuration(low)} <= RPO <= {Quantities.FormatDuration(max)}" : $"RPO <= {Quantities.FormatDuration(max)}";
        return new(item, $"{vm} {range}{(health is null ? "" : $", health {health}")}", (world, _) =>
        {
            var id = world.ItemId(vm);
            var rpo = world.Vault!.Rpo(id);
            var actualHealth = world.Vault.Health(id);
            return new Verdict(rpo <= max && rpo >= (min ?? TimeSpan.Zero) && (health is null || actualHealth == health),
                $"{vm} RPO {ReportWindow(rpo)}{(health is null ? "" : $", health {actualHealth?.ToString() ?? "(not replicating)"}")}");
        });
    }

    /// <summary><c>bytes: {vm, at-most, at-least}</c>: what the machine's replication sent over every leg so far.</summary>
    public static BoundExpectation Bytes(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var max = m.Optional("at-most")?.AsSize() ?? long.MaxValue;
        var min = m.Optional("at-least")?.AsSize() ?? 0;
        return new(item, $"{vm} sent {Quantities.FormatSize(min)}..{(max == long.MaxValue ? "" : Quantities.FormatSize(max))}", (world, _) =>
        {
            var sent = world.Vault!.BytesTransferred(world.ItemId(vm));
            return new Verdict(sent >= min && sent <= max, $"{vm} sent {sent} bytes");
        });
    }

    /// <summary><c>initial-replication: {vm, mode: full-copy|delta-resync, bytes-at-most}</c>: the running (or last) leg's initial replication.</summary>
    public static BoundExpectation InitialReplication(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var mode = m.Optional("mode")?.AsEnum(("full-copy", InitialReplicationMode.FullCopy), ("delta-resync", InitialReplicationMode.DeltaResync));
        var max = m.Optional("bytes-at-most")?.AsSize();
        var expected = Describe(("mode", mode), ("bytes-at-most", max));
        return new(item, $"{vm} initial replication {expected}", (world, _) =>
        {
            var results = world.Vault!.InitialReplication(world.ItemId(vm));
            if (results.Count == 0) return new Verdict(false, $"{vm} has no initial replication (yet)");
            var sent = results.Sum(r => r.BytesSent);
            var modes = results.Select(r => r.Mode).Distinct().ToList();
            var held = (mode is null || modes.All(x => x == mode)) && (max is null || sent <= max);
            return new Verdict(held, $"{vm} initial replication {string.Join("+", modes)} sent {sent} bytes over {results.Count} disk(s)");
        });
    }

    /// <summary><c>jobs: {count, failed, all-ended}</c>: the jobs the configuration server recorded.</summary>
    public static BoundExpectation Jobs(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        if (topology.Vault is null) throw item.Args.Error(StepBinder.NeedsAzure);
        var count = m.Optional("count")?.AsInt(0);
        var failed = m.Optional("failed")?.AsInt(0);
        var expected = Describe(("count", count), ("failed", failed), ("running", 0));
        return new(item, $"jobs {expected}", (world, _) =>
        {
            var jobs = world.Vault!.Jobs;
            var actual = Describe(("count", count is null ? null : jobs.Count), ("failed", failed is null ? null : jobs.Count(j => j.State == JobState.Failed)),
                ("running", jobs.Count(j => j.State is JobState.InProgress or JobState.NotStarted)));
            return new Verdict(actual == expected, $"jobs {actual}");
        });
    }

    /// <summary>Every job scenarioName the vault can show: the item and plan operations', then the infrastructure actions'.</summary>
    internal static IEnumerable<string> JobScenarios =>
        Enum.GetValues<AsrOperation>().Select(JobNames.Scenario).Concat(Enum.GetValues<InfrastructureAction>().Select(JobNames.Scenario));

    /// <summary>
    /// <c>job: {scenario, target, nth, state, task, took-at-least, took-at-most}</c>: one of the vault's jobs by its scenarioName
    /// (and target), its state, and how long it (or one of its tasks) took from start to end in virtual time.
    /// </summary>
    public static BoundExpectation Job(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        if (topology.Vault is null) throw item.Args.Error(StepBinder.NeedsAzure);
        var scenario = m.Required("scenario").AsEnum([.. JobScenarios.Select(s => (s, s))]);
        var target = m.Optional("target")?.AsString();
        var nth = m.Optional("nth")?.AsInt(1);
        var state = m.Optional("state")?.AsEnum([.. Enum.GetNames<JobState>().Select(s => (s, s))]);
        var task = m.Optional("task")?.AsString();
        var atLeast = m.Optional("took-at-least")?.AsDuration();
        var atMost = m.Optional("took-at-most")?.AsDuration();
        if (state is null && atLeast is null && atMost is null)
            throw m.Node.Error("a job expectation checks at least one of state, took-at-least, took-at-most.");
        var what = $"job {scenario}{(target is null ? "" : $" of {target}")}{(nth is null ? "" : $" #{nth}")}{(task is null ? "" : $", task '{task}'")}";
        var expected = Describe(("state", state), ("took", atLeast is null && atMost is null ? null : Range(atLeast, atMost)));
        return new(item, $"{what} {expected}", (world, _) =>
        {
            var jobs = world.Vault!.Jobs.Where(j => j.ScenarioName == scenario && (target is null || j.TargetObjectName == target)).ToList();
            if (jobs.Count < (nth ?? 1)) return new Verdict(false, $"{what}: {jobs.Count} such job(s)");
            var job = nth is { } n ? jobs[n - 1] : jobs[^1];
            var timed = task is null ? (job.StartTime, job.EndTime) : job.Tasks.FirstOrDefault(t => t.Name == task) is { } t ? (t.StartTime, t.EndTime)
                : ((DateTimeOffset?, DateTimeOffset?)?)null;
            if (timed is not { } span) return new Verdict(false, $"{what}: {job.Id} has no task '{task}' (tasks: {string.Join("; ", job.Tasks.Select(t => t.Name))})");
            var took = span.Item2 - span.Item1;
            var ok = (state is null || job.State.ToString() == state)
                && (atLeast is null || took >= atLeast) && (atMost is null || (took is { } k && k <= atMost));
            var actual = Describe(("state", state is null ? null : job.State), ("took", atLeast is null && atMost is null ? null : took is { } d ? ReportWindow(d) : "(not ended)"));
            return new Verdict(ok, $"{what} ({job.Id}) {actual}");
        });
    }

    private static string Range(TimeSpan? atLeast, TimeSpan? atMost) =>
        (atLeast, atMost) switch
        {
            ({ } a, { } b) => $"{ReportWindow(a)}..{ReportWindow(b)}",
            ({ } a, null) => $">={ReportWindow(a)}",
            _ => $"<={ReportWindow(atMost!.Value)}",
        };

    private static string ReportWindow(TimeSpan t) => t == TimeSpan.Zero ? "0s" : Quantities.FormatDuration(t);

    private static string Describe(params (string Key, object? Value)[] fields) =>
        string.Join(" ", fields.Where(f => f.Value is not null).Select(f => $"{f.Key}={f.Value}"));
}
