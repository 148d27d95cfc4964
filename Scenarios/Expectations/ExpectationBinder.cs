using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>Binds every expectation before anything runs: kind known, fields typed, names in the topology.</summary>
public static class ExpectationBinder
{
    private delegate BoundExpectation Binder(ScenarioItem item, Topology topology, int stepCount);

    private static readonly SortedDictionary<string, Binder> Binders = new(StringComparer.Ordinal)
    {
        ["vm"] = Vm,
        ["host"] = Host,
        ["step"] = Step,
        ["error-contains"] = ErrorContainsExpectation.Bind,
        ["disk-matches-truth"] = DiskMatchesTruth,
        ["guest-writes"] = GuestWrites,
        ["item"] = VaultExpectations.Item,
        ["failover"] = VaultExpectations.Failover,
        ["rpo"] = VaultExpectations.Rpo,
        ["bytes"] = VaultExpectations.Bytes,
        ["initial-replication"] = VaultExpectations.InitialReplication,
        ["jobs"] = VaultExpectations.Jobs,
        ["guest"] = VaultExpectations.Guest,
        ["policy"] = VaultExpectations.Policy,
    };

    public static IReadOnlyCollection<string> Kinds => Binders.Keys;

    public static BoundExpectation Bind(ScenarioItem item, Topology topology, int stepCount)
    {
        if (!Binders.TryGetValue(item.Kind, out var binder))
            throw item.Where.Error($"unknown expectation '{item.Kind}'; expectations are: {string.Join(", ", Binders.Keys)}.");
        var bound = binder(item, topology, stepCount);
        // Any expectation may be checked right after a step instead of at the end.
        return item.Args.IsMap && item.Args.AsMap().Optional("after-step") is { } after ? bound with { AfterStep = after.AsInt(1, stepCount) } : bound;
    }

    /// <summary>An expectation's fields: the given ones, plus <c>after-step</c> which every expectation accepts.</summary>
    internal static MapNode Fields(Node args, params string[] keys) => args.AsMap([.. keys, "after-step"]);

    /// <summary><c>vm: {name, exists, power, snapshots, datastore, extra-config}</c>: the VM as the site has it.</summary>
    private static BoundExpectation Vm(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args, "name", "exists", "power", "snapshots", "datastore", "extra-config");
        var name = StepBinder.Vm(m.Required("name"), topology);
        var exists = m.Optional("exists")?.AsBool();
        var power = m.Optional("power")?.AsEnum(("on", VirtualMachinePowerState.PoweredOn), ("off", VirtualMachinePowerState.PoweredOff));
        var snapshots = m.Optional("snapshots")?.AsInt(0);
        var datastore = m.Optional("datastore") is { } d ? StepBinder.Datastore(d, topology) : null;
        var extra = m.Optional("extra-config")?.AsMap().Entries.Select(e => (e.Key, e.Value.AsString())).ToList() ?? [];
        if (exists is null && power is null && snapshots is null && datastore is null && extra.Count == 0)
            throw m.Node.Error("a vm expectation checks at least one of exists, power, snapshots, datastore, extra-config.");
        var expected = Describe(("exists", exists), ("power", power), ("snapshots", snapshots), ("datastore", datastore),
            ("extra-config", extra.Count == 0 ? null : string.Join(",", extra.Select(e => $"{e.Key}={e.Item2}"))));
        return new(item, $"{name} {expected}", (world, _) =>
        {
            var vm = world.Vm(name);
            var actualExtra = string.Join(",", extra.Select(e => $"{e.Key}={(vm.ExtraConfig.TryGetValue(e.Key, out var v) ? v : "(unset)")}"));
            var actual = Describe(("exists", exists is null ? null : !vm.Removed),
                ("power", power is null ? null : vm.Removed ? "(deleted)" : vm.PowerState),
                ("snapshots", snapshots is null ? null : vm.AllSnapshots.Count()),
                ("datastore", datastore is null ? null : vm.Datastore.Name),
                ("extra-config", extra.Count == 0 ? null : actualExtra));
            return new Verdict(actual == expected, $"{name} {actual}");
        });
    }

    /// <summary><c>host: {name, edition, connected}</c>.</summary>
    private static BoundExpectation Host(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args, "name", "edition", "connected");
        var name = StepBinder.Host(m.Required("name"), topology);
        var edition = m.Optional("edition")?.AsEnum(Topology.Editions);
        var connected = m.Optional("connected")?.AsBool();
        var expected = Describe(("edition", edition), ("connected", connected));
        return new(item, $"{name} {expected}", (world, _) =>
        {
            var host = world.Host(name);
            var actual = Describe(("edition", edition is null ? null : host.Edition), ("connected", connected is null ? null : host.IsConnected));
            return new Verdict(actual == expected, $"{name} {actual}");
        });
    }

    /// <summary><c>step: {step: N, result: succeeded|failed, error: CODE}</c>: how step N (1-based) ended.</summary>
    private static BoundExpectation Step(ScenarioItem item, Topology topology, int stepCount)
    {
        var m = Fields(item.Args, "step", "result", "error");
        var index = m.Required("step").AsInt(1, stepCount);
        var result = m.Optional("result")?.AsEnum(("succeeded", true), ("failed", false));
        var error = m.Optional("error")?.AsString();
        if (error is not null) result ??= false;
        var expected = Describe(("result", result is null ? null : result.Value ? "succeeded" : "failed"), ("error", error));
        return new(item, $"step {index} {expected}", (_, steps) =>
        {
            var step = steps.Count >= index ? steps[index - 1] : null;
            var actual = step is null ? "did not run"
                : Describe(("result", result is null ? null : step.Succeeded ? "succeeded" : "failed"), ("error", error is null ? null : step.ErrorCode ?? "(none)"));
            return new Verdict(actual == expected, $"step {index} {actual}");
        });
    }

    /// <summary><c>disk-matches-truth: {vm, disk}</c>: the disk where the machine runs holds exactly what its guest wrote.</summary>
    private static BoundExpectation DiskMatchesTruth(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args, "vm", "disk");
        var name = StepBinder.Writer(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        return new(item, $"{name} disk {disk} equals the ground truth", (world, _) =>
        {
            var machine = world.Machine(name);
            var location = machine.Locate();
            if (location.Open is null) return new Verdict(false, $"{name} cannot be read ({location.Where})");
            var problem = machine.CompareWithTruth().FirstOrDefault(p => p.Disk == disk).Problem;
            var writes = machine.Truth.Writes.Count(w => w.Disk == disk);
            return problem is null
                ? new Verdict(true, $"{name} disk {disk} equals the ground truth after {writes} write(s) ({location.Where})")
                : new Verdict(false, $"{name} disk {disk} {problem}");
        });
    }

    /// <summary><c>guest-writes: {vm, at-least, at-most}</c>: how many writes the guest made.</summary>
    private static BoundExpectation GuestWrites(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args, "vm", "at-least", "at-most");
        var name = StepBinder.Writer(m.Required("vm"), topology);
        var min = m.Optional("at-least")?.AsInt(0) ?? 0;
        var max = m.Optional("at-most")?.AsInt(0) ?? int.MaxValue;
        return new(item, $"{name}: {min}..{(max == int.MaxValue ? "" : max)} guest writes", (world, _) =>
        {
            var count = world.Machine(name).TotalWrites;
            return new Verdict(count >= min && count <= max, $"{name}: {count} guest writes");
        });
    }

    private static string Describe(params (string Key, object? Value)[] fields) =>
        string.Join(" ", fields.Where(f => f.Value is not null).Select(f => $"{f.Key}={Format(f.Value!)}"));

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        VirtualMachinePowerState.PoweredOn => "on",
        VirtualMachinePowerState.PoweredOff => "off",
        _ => value.ToString()!,
    };
}
