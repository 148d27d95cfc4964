using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Replication;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// Expectations on what the vault shows: an item's state, allowed operations and where it runs; what a
/// failover cost against the ground truth; RPO; bytes sent; how the last initial replication went; the jobs.
/// </summary>
public static class VaultExpectations
{
    /// <summary><c>item: {vm, state, allowed-ops: [...], location: azure|on-premises}</c>.</summary>
    public static BoundExpectation Item(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args, "vm", "state", "allowed-ops", "location");
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var state = m.Optional("state")?.AsEnum([.. Enum.GetValues<ProtectionState>().Select(s => (s.ToString(), s))]);
        var ops = m.Optional("allowed-ops")?.AsListOrOne().Select(o => o.AsEnum([.. Enum.GetValues<AsrOperation>().Select(s => (s.ToString(), s))])).Order().ToList();
        var location = m.Optional("location")?.AsEnum(("azure", Site.Azure), ("on-premises", Site.OnPremises));
        if (state is null && ops is null && location is null) throw m.Node.Error("an item expectation checks at least one of state, allowed-ops, location.");
        var expected = Describe(("state", state), ("allowed-ops", ops is null ? null : "[" + string.Join(", ", ops) + "]"), ("location", location));
        return new(item, $"{vm} {expected}", (world, _) =>
        {
            var id = world.ItemId(vm);
            var it = world.Vault!.Item(id);
            var actual = Describe(("state", state is null ? null : it.State),
                ("allowed-ops", ops is null ? null : "[" + string.Join(", ", world.Vault.AllowedOperations(id).Order()) + "]"),
                ("location", location is null ? null : it.ActiveLocation));
            return new Verdict(actual == expected, $"{vm} {actual}");
        });
    }

    /// <summary>
    /// <c>failover: {vm, nth, matches-truth, lost-writes-at-most, lost-bytes-at-most, window-at-most, point}</c>: the nth
    /// failover of the machine (default: the last) left disks equal to the ground truth at its point, and lost at most this much.
    /// </summary>
    public static BoundExpectation Failover(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args, "vm", "nth", "matches-truth", "lost-writes-at-most", "lost-writes-at-least", "lost-bytes-at-most", "window-at-most");
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var nth = m.Optional("nth")?.AsInt(1);
        var matches = m.Optional("matches-truth")?.AsBool() ?? true;
        var writesMax = m.Optional("lost-writes-at-most")?.AsInt(0);
        var writesMin = m.Optional("lost-writes-at-least")?.AsInt(0);
        var bytesMax = m.Optional("lost-bytes-at-most")?.AsSize();
        var windowMax = m.Optional("window-at-most")?.AsDuration();
        var which = nth is null ? "last failover" : $"failover #{nth}";
        var expected = $"{vm} {which}: disks {(matches ? "equal" : "differ from")} the ground truth at the point"
            + (writesMin is null ? "" : $", lost >= {writesMin} writes") + (writesMax is null ? "" : $", lost <= {writesMax} writes")
            + (bytesMax is null ? "" : $", lost <= {Quantities.FormatSize(bytesMax.Value)}") + (windowMax is null ? "" : $", window <= {Quantities.FormatDuration(windowMax.Value)}");
        return new(item, expected, (world, _) =>
        {
            var records = world.Machine(vm).Failovers;
            var r = nth is { } n ? records.ElementAtOrDefault(n - 1) : records.LastOrDefault();
            if (r is null) return new Verdict(false, $"{vm} has {records.Count} failover(s)");
            var held = r.MatchesTruth == matches && (writesMax is null || r.LostWrites <= writesMax) && (writesMin is null || r.LostWrites >= writesMin)
                && (bytesMax is null || r.LostBytes <= bytesMax) && (windowMax is null || r.Window <= windowMax);
            return new Verdict(held, $"{vm} failover of step {r.Step} to {r.Point}: disks {(r.MatchesTruth ? "equal" : "differ from")} the ground truth at the point, "
                + $"lost {r.LostWrites} writes ({Quantities.FormatSize(r.LostBytes)}, the engine counts {r.EngineLostWrites}), window {ReportWindow(r.Window)}"
                + (r.MatchesTruth ? "" : $" ({string.Join("; ", r.Problems)})"));
        });
    }

    /// <summary><c>rpo: {vm, at-most}</c>: the item's RPO when checked (zero when nothing replicates).</summary>
    public static BoundExpectation Rpo(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args, "vm", "at-most", "health");
        var vm = StepBinder.Protectable(m.Required("vm"), topology);
        var max = m.Required("at-most").AsDuration();
        var health = m.Optional("health")?.AsEnum([.. Enum.GetValues<ReplicationHealth>().Select(h => (h.ToString(), (ReplicationHealth?)h))]);
        return new(item, $"{vm} RPO <= {Quantities.FormatDuration(max)}{(health is null ? "" : $", health {health}")}", (world, _) =>
        {
            var id = world.ItemId(vm);
            var rpo = world.Vault!.Rpo(id);
            var actualHealth = world.Vault.Health(id);
            return new Verdict(rpo <= max && (health is null || actualHealth == health),
                $"{vm} RPO {ReportWindow(rpo)}{(health is null ? "" : $", health {actualHealth?.ToString() ?? "(not replicating)"}")}");
        });
    }

    /// <summary><c>bytes: {vm, at-most, at-least}</c>: what the machine's replication sent over every leg so far.</summary>
    public static BoundExpectation Bytes(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args, "vm", "at-most", "at-least");
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
        var m = ExpectationBinder.Fields(item.Args, "vm", "mode", "bytes-at-most");
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
        var m = ExpectationBinder.Fields(item.Args, "count", "failed");
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

    private static string ReportWindow(TimeSpan t) => t == TimeSpan.Zero ? "0s" : Quantities.FormatDuration(t);

    private static string Describe(params (string Key, object? Value)[] fields) =>
        string.Join(" ", fields.Where(f => f.Value is not null).Select(f => $"{f.Key}={f.Value}"));
}
