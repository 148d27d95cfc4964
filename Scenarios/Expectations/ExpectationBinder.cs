using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>Binds every expectation before anything runs: kind known, fields typed, names in the topology.</summary>
internal static class ExpectationBinder
{
    private static readonly Field VmField = Field.Req("vm", FieldType.Name, "the machine");
    private static readonly Field DiskField = Field.Int("disk", 0, "the disk", "0", max: 63);

    private static readonly SortedDictionary<string, ExpectationKind> Expectations = new(StringComparer.Ordinal)
    {
        ["vm"] = new("vm", "the VM as the site has it; checks at least one field", [
            Field.Req("name", FieldType.Name, "the VM"), Field.Opt("exists", FieldType.Boolean, "whether it exists"),
            Field.OneOf("power", ["on", "off"], "its power state"), Field.Int("snapshots", 0, "how many snapshots it has"),
            Field.Opt("datastore", FieldType.Name, "the datastore of its disks"), Field.Opt("extra-config", FieldType.TextMap, "configuration parameters and their values"),
            Field.Int("disks", 0, "how many virtual disks it has (a master target's own and those attached to it)")], Vm),
        ["host"] = new("host", "a host as the site has it", [
            Field.Req("name", FieldType.Name, "the host"), Field.OneOf("edition", Topology.Editions.Select(e => e.Item1), "its licence edition"),
            Field.Opt("connected", FieldType.Boolean, "whether it is connected")], Host),
        ["step"] = new("step", "how a step ended", [
            Field.Int("step", 1, "the step (1-based)", required: true), Field.OneOf("result", ["succeeded", "failed"], "how it ended", "failed when error is given"),
            Field.Opt("error", FieldType.Code, "the error code it failed with")], Step),
        ["error-contains"] = new("error-contains", "a step failed and its error message contains the text (ASR's wording, the VM's name)", [
            Field.Int("step", 1, "the step (1-based)", required: true), Field.Req("text", FieldType.Text, "the text its message contains (case-sensitive)")], ErrorContainsExpectation.Bind),
        ["disk-matches-truth"] = new("disk-matches-truth", "the disk where the machine runs holds exactly what its guest wrote", [VmField, DiskField], DiskMatchesTruth),
        ["on-premises-disk"] = new("on-premises-disk", "the machine's on-premises disk against what it held at its last failover to Azure (kept while it runs there, until failback replication writes it)", [
            VmField, DiskField, Field.Opt("unchanged-since-failover", FieldType.Boolean, "whether it still holds what it held then, every write its guest made on-premises included", "true")], OnPremisesDiskExpectation.Bind),
        ["guest-writes"] = new("guest-writes", "how many writes the guest made", [
            VmField, Field.Int("at-least", 0, "at least", "0"), Field.Int("at-most", 0, "at most", "no bound")], GuestWrites),
        ["item"] = new("item", "the protected item as the vault shows it", [
            VmField, Field.OneOf("state", Enum.GetValues<ProtectionState>().Select(s => ProtectionStateNames.Of(s).State).Distinct(), "its protectionState, as ASR reports it"),
            new Field("allowed-ops", FieldType.Choices, "the operations it allows (one or a list)") { Choices = [.. Enum.GetValues<AsrOperation>().Where(op => op != AsrOperation.EnableProtection).Select(op => op.ToString())] },
            Field.OneOf("location", ["azure", "on-premises"], "where it runs"), Field.Opt("host", FieldType.Name, "the on-premises host it runs on"),
            Field.Opt("datastore", FieldType.Name, "the on-premises datastore of its disks"), Field.Opt("original-vm", FieldType.Boolean, "whether it runs as its original VM"),
            Field.OneOf("test-failover-state", Enum.GetNames<TestFailoverState>(), "its testFailoverState, as ASR reports it")], VaultExpectations.Item),
        ["test-failover"] = new("test-failover", "a test failover judged against the ground truth, and its test VM now", [
            VmField, Field.Int("nth", 1, "which test failover (1-based)", "the last"), Field.Opt("matches-truth", FieldType.Boolean, "the test VM's disks equal the ground truth at its point", "true"),
            Field.Opt("isolated", FieldType.Boolean, "the test VM could not reach the configuration server", "true"),
            Field.Opt("test-vm-exists", FieldType.Boolean, "whether the test VM and its disks exist now (false after cleanup)")], VaultExpectations.TestFailover),
        ["failover"] = new("failover", "what a failover cost against the ground truth", [
            VmField, Field.Int("nth", 1, "which failover (1-based)", "the last"), Field.Opt("matches-truth", FieldType.Boolean, "the disks equal the ground truth at the point", "true"),
            Field.Int("lost-writes-at-most", 0, "writes lost, at most"), Field.Int("lost-writes-at-least", 0, "writes lost, at least"),
            Field.Opt("lost-bytes-at-most", FieldType.Size, "bytes lost, at most"), Field.Opt("lost-bytes-at-least", FieldType.Size, "bytes lost, at least"),
            Field.Opt("window-at-most", FieldType.Duration, "time from the point to the failover, at most"),
            Field.Opt("same-point-as", FieldType.Name, "another machine whose failover of the same number used a point of the same moment (a replication group's multi-VM consistent point)")], VaultExpectations.Failover),
        ["commit"] = new("commit", "a commit (its own or its plan's) kept a recovery point and the machine's disks then held the ground truth at it", [
            VmField, Field.Int("nth", 1, "which commit (1-based)", "the last"),
            Field.Opt("point", FieldType.Name, "the recovery point it kept, a listed id such as rp-4"),
            Field.Opt("matches-truth", FieldType.Boolean, "the disks where the machine runs equal the ground truth when it committed", "true")], VaultExpectations.Commit),
        ["rpo"] = new("rpo", "the replication's recovery point objective", [
            VmField, Field.Req("at-most", FieldType.Duration, "the RPO, at most"), Field.Opt("at-least", FieldType.Duration, "the RPO, at least (an outage shows)", "0s"),
            Field.OneOf("health", Enum.GetNames<ReplicationHealth>(), "the replication health")], VaultExpectations.Rpo),
        ["bytes"] = new("bytes", "bytes sent over every replication leg", [
            VmField, Field.Opt("at-most", FieldType.Size, "at most"), Field.Opt("at-least", FieldType.Size, "at least", "0")], VaultExpectations.Bytes),
        ["initial-replication"] = new("initial-replication", "how the last initial replication went", [
            VmField, Field.OneOf("mode", ["full-copy", "delta-resync"], "a full copy or only the changes"), Field.Opt("bytes-at-most", FieldType.Size, "bytes it sent, at most")], VaultExpectations.InitialReplication),
        ["jobs"] = new("jobs", "the vault's jobs, the infrastructure jobs of its setup included (and none still running)", [
            Field.Int("count", 0, "how many"), Field.Int("failed", 0, "how many failed")], VaultExpectations.Jobs),
        ["job"] = new("job", "one of the vault's jobs (the last of its kind unless nth): its state and how long it, or one of its tasks, took in virtual time", [
            Field.OneOf("scenario", VaultExpectations.JobScenarios, "its scenarioName", required: true), Field.Opt("target", FieldType.Name, "its target object's name (a VM, plan or server)"),
            Field.Int("nth", 1, "which job of that scenario and target (1-based)", "the last"), Field.OneOf("state", Enum.GetNames<JobState>(), "its state"),
            Field.Opt("task", FieldType.Text, "a task's name: took-at-least and took-at-most then time that task"),
            Field.Opt("took-at-least", FieldType.Duration, "from start to end, at least"), Field.Opt("took-at-most", FieldType.Duration, "from start to end, at most")], VaultExpectations.Job),
        ["guest"] = new("guest", "the guest where the machine runs now", [
            VmField, Field.OneOf("nic", ["static", "dhcp"], "how its NIC gets its address"),
            Field.Opt("has", FieldType.Names, "packages it has (one or a list)"), Field.Opt("lacks", FieldType.Names, "packages it lacks (one or a list)")], VaultExpectations.Guest),
        ["master-target"] = new("master-target", "a registered master target's retention volume and the volumes offered as retention drives", [
            Field.Req("vm", FieldType.Name, "the master target's VM"), Field.Opt("retention", FieldType.Name, "the retention volume it registered with"),
            Field.Opt("offers", FieldType.Names, "the volumes eligible as retention drives, in the order listed (one or a list; [] for none)")], VaultExpectations.MasterTarget),
        ["policy"] = new("policy", "the replication policy the item uses", [
            VmField, Field.Opt("rpo-threshold", FieldType.Duration, "its RPO threshold"), Field.Opt("retention", FieldType.Duration, "its recovery point retention"),
            Field.Opt("app-consistent-every", FieldType.Duration, "its app-consistent snapshot frequency"),
            Field.Opt("failback", FieldType.Boolean, "whether it is a failback policy"), Field.Opt("editable", FieldType.Boolean, "whether it can be edited")], VaultExpectations.Policy),
    };

    /// <summary>Every expectation of the language, by name.</summary>
    public static IReadOnlyCollection<ExpectationKind> All => Expectations.Values;

    public static IReadOnlyCollection<string> Kinds => Expectations.Keys;

    public static BoundExpectation Bind(ScenarioItem item, Topology topology, int stepCount)
    {
        if (!Expectations.TryGetValue(item.Kind, out var kind))
            throw item.Where.Error($"unknown expectation '{item.Kind}'; expectations are: {string.Join(", ", Expectations.Keys)}.");
        var fields = item.Args.AsMap([.. kind.Fields.Select(f => f.Name), ExpectationKind.AfterStep.Name]);
        var bound = kind.Bind(item, topology, stepCount);
        // Any expectation may be checked right after a step instead of at the end.
        return fields.Optional(ExpectationKind.AfterStep.Name) is { } after ? bound with { AfterStep = after.AsInt(1, stepCount) } : bound;
    }

    /// <summary>An expectation's fields, once <see cref="Bind"/> has checked them against the expectation's declaration.</summary>
    internal static MapNode Fields(Node args) => args.AsMap();

    /// <summary><c>vm: {name, exists, power, snapshots, datastore, extra-config}</c>: the VM as the site has it.</summary>
    private static BoundExpectation Vm(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args);
        var name = StepBinder.Vm(m.Required("name"), topology);
        var exists = m.Optional("exists")?.AsBool();
        var power = m.Optional("power")?.AsEnum(("on", VirtualMachinePowerState.PoweredOn), ("off", VirtualMachinePowerState.PoweredOff));
        var snapshots = m.Optional("snapshots")?.AsInt(0);
        var datastore = m.Optional("datastore") is { } d ? StepBinder.Datastore(d, topology) : null;
        var extra = m.Optional("extra-config")?.AsMap().Entries.Select(e => (e.Key, e.Value.AsString())).ToList() ?? [];
        var disks = m.Optional("disks")?.AsInt(0);
        if (exists is null && power is null && snapshots is null && datastore is null && extra.Count == 0 && disks is null)
            throw m.Node.Error("a vm expectation checks at least one of exists, power, snapshots, datastore, extra-config, disks.");
        var expected = Describe(("exists", exists), ("power", power), ("snapshots", snapshots), ("datastore", datastore),
            ("extra-config", extra.Count == 0 ? null : string.Join(",", extra.Select(e => $"{e.Key}={e.Item2}"))), ("disks", disks));
        return new(item, $"{name} {expected}", (world, _) =>
        {
            var vm = world.Vm(name);
            var actualExtra = string.Join(",", extra.Select(e => $"{e.Key}={(vm.ExtraConfig.TryGetValue(e.Key, out var v) ? v : "(unset)")}"));
            var actual = Describe(("exists", exists is null ? null : !vm.Removed),
                ("power", power is null ? null : vm.Removed ? "(deleted)" : vm.PowerState),
                ("snapshots", snapshots is null ? null : vm.AllSnapshots.Count()),
                ("datastore", datastore is null ? null : vm.Datastore.Name),
                ("extra-config", extra.Count == 0 ? null : actualExtra),
                ("disks", disks is null ? null : vm.Disks.Count));
            return new Verdict(actual == expected, $"{name} {actual}");
        });
    }

    /// <summary><c>host: {name, edition, connected}</c>.</summary>
    private static BoundExpectation Host(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args);
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
        var m = Fields(item.Args);
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
        var m = Fields(item.Args);
        var name = StepBinder.Writer(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        return new(item, $"{name} disk {disk} equals the ground truth", (world, _) =>
        {
            var machine = world.Machine(name);
            var location = machine.Locate();
            if (location.Open is null) return new Verdict(false, $"{name} cannot be read ({location.Where})");
            var problem = machine.CompareWithTruth().FirstOrDefault(p => p.Disk == disk).Problem;
            var writes = machine.WritesTo(disk);
            return problem is null
                ? new Verdict(true, $"{name} disk {disk} equals the ground truth after {writes} write(s) ({location.Where})")
                : new Verdict(false, $"{name} disk {disk} {problem}");
        });
    }

    /// <summary><c>guest-writes: {vm, at-least, at-most}</c>: how many writes the guest made.</summary>
    private static BoundExpectation GuestWrites(ScenarioItem item, Topology topology, int _)
    {
        var m = Fields(item.Args);
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
