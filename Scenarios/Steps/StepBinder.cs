using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Binds every step of a scenario before anything runs: the kind must be known, its fields present,
/// of the right type, and every name (VM, host, datastore, server) one the topology has.
/// </summary>
internal static class StepBinder
{
    private static readonly Field VmField = Field.Req("vm", FieldType.Name, "the machine");
    private static readonly Field HostField = Field.Req("host", FieldType.Name, "a host of the topology");
    private static readonly Field PlanField = Field.Req("plan", FieldType.Name, "a plan made by create-plan");
    private static readonly Field[] ReprotectValues =
    [
        Field.Opt("master-target", FieldType.Name, "back to on-premises: the master target", "the first master target"),
        Field.Opt("process-server", FieldType.Name, "the process server (in Azure back to on-premises, on-premises to Azure)", "the first process server where it must run"),
        Field.Opt("datastore", FieldType.Name, "back to on-premises: the datastore for new disks", "the master target's"),
        Field.Opt("retention-volume", FieldType.Name, "back to on-premises: the master target's retention volume", "the master target's"),
    ];

    private static readonly Field RunAsAccountField = Field.Opt("run-as-account", FieldType.Name,
        "a run-as account made by add-run-as-account: the configuration server acts on the machine's (back to on-premises: the master target's) vCenter with it",
        "the account the server is discovered with");

    private static readonly SortedDictionary<string, StepKind> Steps = new(StringComparer.Ordinal)
    {
        ["wait"] = new("wait", "virtual time passes; background work (workloads, replication) goes on", [], (a, _) => WaitStep.Bind(a))
            { Scalar = Field.Req("wait", FieldType.Duration, "how long") },
        ["parallel"] = new("parallel", "steps started at the same virtual instant; it ends when all have, each as it expected", [], ParallelStep.Bind)
            { Scalar = Field.Req("parallel", FieldType.Steps, "the steps (two or more, not parallel)") },
        ["write"] = new("write", "the guest writes once, where its machine runs now", [
            Field.Req("vm", FieldType.Name, "the VM or physical server"), Field.Int("disk", 0, "the disk", "0", max: 63),
            Field.Opt("offset", FieldType.Size, "where", "0"), Field.Opt("size", FieldType.Size, "random bytes to write", "4KiB"),
            Field.Opt("data", FieldType.Text, "instead of size: a regular file inside the scenario's folder (symbolic links followed, 1 byte to 16MiB), padded to whole sectors")], GuestWriteStep.BindWrite),
        ["workload"] = new("workload", "the guest writes in the background while it runs", [
            Field.Req("vm", FieldType.Name, "the VM or physical server"), Field.Int("disk", 0, "the disk", "0", max: 63),
            Field.Req("rate", FieldType.Rate, "how fast (1MiB/s, 100Mbps; at most 100MB/s)"), Field.Req("for", FieldType.Duration, "how long"),
            Field.Opt("block", FieldType.Sizes, "the size of one write, or a mix picked from evenly (multiples of 512 bytes, at most 4MiB)", "64KiB"),
            Field.Opt("every", FieldType.Duration, "how often it writes (at least 1s)", "1m"),
            Field.OneOf("pattern", ["random", "sequential", "hot-spot"], "where the writes land", "random"),
            Field.Opt("hot-spot", FieldType.Text, "with pattern: hot-spot, the share of the disk that takes 90% of the writes (10%)", "10%"),
            Field.Opt("burst", FieldType.Rate, "the rate of a burst (a batch job, a backup): the first burst-for of every burst-every writes at it instead of rate"),
            Field.Opt("burst-every", FieldType.Duration, "with burst, how often a burst starts, from the workload's start (at least every)", "1h"),
            Field.Opt("burst-for", FieldType.Duration, "with burst, how long a burst lasts (at least every, shorter than burst-every)", "5m")], GuestWriteStep.BindWorkload),
        ["power-on"] = new("power-on", "powers a VM on (a physical server: its power button)", [VmField], (a, t) => InfrastructureSteps.Power(a, t, on: true)),
        ["power-off"] = new("power-off", "powers a VM off (a physical server: its power button)", [VmField], (a, t) => InfrastructureSteps.Power(a, t, on: false)),
        ["power-cut"] = new("power-cut", "a VM, or every VM of a host, loses power outside the API (a host failure, a pulled plug): no task, no permission or licence asked", [
            Field.Opt("vm", FieldType.Name, "the VM"), Field.Opt("host", FieldType.Name, "instead of vm: a host, whose running VMs all lose power")], InfrastructureSteps.PowerCut),
        ["delete-vm"] = new("delete-vm", "powers a VM off and deletes it with its disks", [VmField], InfrastructureSteps.DeleteVm),
        ["take-snapshot"] = new("take-snapshot", "takes a snapshot of a VM", [VmField, Field.Opt("name", FieldType.Name, "the snapshot's name", "drill snapshot")], InfrastructureSteps.TakeSnapshot),
        ["remove-snapshots"] = new("remove-snapshots", "removes and consolidates all of a VM's snapshots", [VmField], InfrastructureSteps.RemoveSnapshots),
        ["storage-vmotion"] = new("storage-vmotion", "moves a VM's disks to another datastore", [VmField, Field.Req("datastore", FieldType.Name, "the datastore")], InfrastructureSteps.StorageVMotion),
        ["set-role"] = new("set-role", "gives an account a role on a server", [
            Field.Req("server", FieldType.Name, "a vCenter or host"), Field.Req("user", FieldType.Name, "the account"),
            Field.OneOf("role", Topology.Roles, "the role", required: true)], InfrastructureSteps.SetRole),
        ["set-license"] = new("set-license", "assigns a host a licence edition", [HostField, Field.OneOf("edition", Topology.Editions.Select(e => e.Item1), "the edition", required: true)], InfrastructureSteps.SetLicense),
        ["disconnect-host"] = new("disconnect-host", "disconnects a host from its vCenter", [HostField], (a, t) => InfrastructureSteps.HostConnection(a, t, connected: false)),
        ["reconnect-host"] = new("reconnect-host", "reconnects a host to its vCenter", [HostField], (a, t) => InfrastructureSteps.HostConnection(a, t, connected: true)),
        ["set-extra-config"] = new("set-extra-config", "sets a VM's configuration parameter (ReconfigVM; on a running VM it takes effect at its next power-on, PRE-7)", [
            VmField, Field.Req("key", FieldType.Name, "the parameter"), Field.Req("value", FieldType.Text, "its value")], InfrastructureSteps.SetExtraConfig),
        ["create-vm"] = new("create-vm", "creates another VM (one that takes a name failback would need, 78052)", [
            Field.Req("name", FieldType.Name, "the new VM's name"), HostField, Field.Req("datastore", FieldType.Name, "a datastore of the topology")], InfrastructureSteps.CreateVm),
        ["enable-protection"] = new("enable-protection", "protects machines to Azure (several at once: a replication group's points are common)", [
            Field.Req("vm", FieldType.Names, "the machine, or a list protected at once"),
            Field.Opt("process-server", FieldType.Name, "the process server", "the first on-premises one"), RunAsAccountField,
            Field.Opt("recovery-network", FieldType.Name, "the Resource Manager network of the azure section the VM joins when it fails over (ASR's target network)", "the recovery network")], EngineSteps.EnableProtection),
        ["wait-for-replication"] = new("wait-for-replication", "waits in virtual time until replication reaches a stage", [
            VmField, Field.OneOf("until", ["initial-replication", "catch-up"], "the stage", "initial-replication")], EngineSteps.WaitForReplication),
        ["failover"] = new("failover", "unplanned failover to Azure or back, from where the machine runs", [
            VmField, new Field("point", FieldType.Choice, "the recovery point: latest processes the changes on their way first (ASR's Latest, lowest RPO), latest-processed is the newest listed (lowest RTO), previous the second newest listed, rp-N a listed id") { Choices = ["latest", "latest-processed", "latest-app-consistent", "previous"], Pattern = "^rp-\\d+$", Default = "latest-processed" },
            Field.Opt("shut-down", FieldType.Boolean, "to Azure: shuts the on-premises machine down first (ASR's Shut down machine before beginning failover); the failover goes on when it cannot", "false")], EngineSteps.Failover),
        ["change-recovery-point"] = new("change-recovery-point", "changes the recovery point of a failover to Azure before its commit (ASR's applyRecoveryPoint): the VM is made again from the point", [
            VmField, new Field("point", FieldType.Choice, "the recovery point: previous is the second newest listed, rp-N a listed id") { Choices = ["latest", "latest-app-consistent", "previous"], Pattern = "^rp-\\d+$", Default = "latest" }], EngineSteps.ChangeRecoveryPoint),
        ["commit"] = new("commit", "commits a failover", [VmField], EngineSteps.Commit),
        ["reprotect"] = new("reprotect", "reprotects a failed-over machine: back to on-premises, or after failback to Azure", [
            VmField, .. ReprotectValues, Field.OneOf("location", ["original", "alternate"], "checks where failback lands: the original VM or a new one"), RunAsAccountField], EngineSteps.Reprotect),
        ["test-failover"] = new("test-failover", "test failover to Azure: a -test VM at a recovery point in a test network while replication goes on", [
            VmField, new Field("point", FieldType.Choice, "the recovery point: rp-N a listed id") { Choices = ["latest", "latest-app-consistent"], Pattern = "^rp-\\d+$", Default = "latest" },
            Field.Opt("network", FieldType.Name, "an Azure virtual network of the vault's resource group", "the vault's isolated test network")], TestFailoverSteps.TestFailover),
        ["test-failover-cleanup"] = new("test-failover-cleanup", "deletes the test VM and its disks and records the drill's notes", [
            VmField, Field.Opt("notes", FieldType.Text, "the notes (ASR's comments)")], TestFailoverSteps.Cleanup),
        ["plan-test-failover"] = new("plan-test-failover", "test failover of a plan's machines, group by group", [
            PlanField, Field.OneOf("point", ["latest", "latest-app-consistent"], "the recovery point", "latest"),
            Field.Opt("network", FieldType.Name, "an Azure virtual network of the vault's resource group", "the vault's isolated test network")], TestFailoverSteps.PlanTestFailover),
        ["plan-test-failover-cleanup"] = new("plan-test-failover-cleanup", "cleans up the test failover of a plan's machines", [
            PlanField, Field.Opt("notes", FieldType.Text, "the notes (ASR's comments)")], TestFailoverSteps.PlanCleanup),
        ["disable-protection"] = new("disable-protection", "stops protecting a machine", [VmField], EngineSteps.DisableProtection),
        ["create-plan"] = new("create-plan", "makes a recovery plan", [
            Field.Req("name", FieldType.Name, "the plan's name"), Field.Req("groups", FieldType.NameGroups, "its groups, run in order: each a machine or a list of machines")], PlanSteps.Create),
        ["plan-failover"] = new("plan-failover", "fails a plan's machines over, group by group", [
            PlanField, Field.OneOf("point", ["latest", "latest-app-consistent"], "the recovery point", "latest")], PlanSteps.Failover),
        ["plan-commit"] = new("plan-commit", "commits a plan's failover", [PlanField], PlanSteps.Commit),
        ["delete-plan"] = new("delete-plan", "deletes a recovery plan; its machines stay as they are", [PlanField], PlanSteps.Delete),
        ["plan-reprotect"] = new("plan-reprotect", "reprotects a plan's machines, each reusing its earlier values (RP-8)", [
            PlanField, .. ReprotectValues, Field.OneOf("direction", ["to-on-premises", "to-azure"], "the direction", "from where the machines run")], PlanSteps.Reprotect),
        ["deploy-process-server"] = new("deploy-process-server", "deploys a process server VM in Azure", [
            Field.Req("name", FieldType.Name, "its name"), Field.Opt("passphrase", FieldType.Name, "the configuration server's passphrase", "the right one"),
            Field.Opt("network", FieldType.Name, "the Azure network it joins, whose model it takes (PS-2, PS-3)", "the recovery network")], VaultSiteSteps.DeployProcessServer),
        ["stop-process-server"] = new("stop-process-server", "a process server's services stop (a crash): no heartbeat, no writes taken or uploaded, the agents hold them", [
            Field.Req("name", FieldType.Name, "the process server")], (a, t) => VaultSiteSteps.ProcessServerServices(a, t, running: false)),
        ["start-process-server"] = new("start-process-server", "a process server's services start again; replication catches up", [
            Field.Req("name", FieldType.Name, "the process server")], (a, t) => VaultSiteSteps.ProcessServerServices(a, t, running: true)),
        ["add-vcenter"] = new("add-vcenter", "the configuration server discovers a server (or updates its account)", [
            Field.Req("server", FieldType.Name, "a vCenter or standalone host"), Field.Req("user", FieldType.Name, "the account"),
            Field.Opt("password", FieldType.Name, "its password", "the topology's")], VaultSiteSteps.AddVCenter),
        ["add-run-as-account"] = new("add-run-as-account", "adds a run-as account (vCenter credentials) to the configuration server", [
            Field.Req("name", FieldType.Name, "the account's name"), Field.Req("user", FieldType.Name, "the user it logs in as"),
            Field.Opt("password", FieldType.Name, "its password", "the topology's")], RunAsAccountSteps.Add),
        ["update-run-as-account"] = new("update-run-as-account", "updates a run-as account's credentials; the servers discovered with it log in again", [
            Field.Req("account", FieldType.Name, "a run-as account made by add-run-as-account"), Field.Req("user", FieldType.Name, "the user it logs in as"),
            Field.Opt("password", FieldType.Name, "its password", "the topology's")], RunAsAccountSteps.Update),
        ["break-link"] = new("break-link", "takes a link to Azure down", [Field.OneOf("link", AzureSide.Links.Keys, "the link", required: true)], (a, t) => VaultSiteSteps.Link(a, t, up: false)),
        ["heal-link"] = new("heal-link", "brings a link to Azure up again", [Field.OneOf("link", AzureSide.Links.Keys, "the link", required: true)], (a, t) => VaultSiteSteps.Link(a, t, up: true)),
        ["block-port"] = new("block-port", "blocks a TCP port between two ends (a process server, a machine's Azure VM, the configuration server, or an address)", [
            Field.Opt("name", FieldType.Name, "the block's name, for unblock-port", "block-SOURCE-DESTINATION-PORT"),
            Field.Opt("source", FieldType.Name, "one end", "*"), Field.Opt("destination", FieldType.Name, "the other end", "*"),
            Field.Int("port", 1, "the port", "443", max: 65535)], VaultSiteSteps.BlockPort),
        ["unblock-port"] = new("unblock-port", "removes a block", [Field.Req("name", FieldType.Name, "the block's name")], VaultSiteSteps.UnblockPort),
        ["stop-azure-vm"] = new("stop-azure-vm", "stops the machine's VM in Azure", [VmField], VaultSiteSteps.StopAzureVm),
        ["start-azure-vm"] = new("start-azure-vm", "starts the machine's VM in Azure again (what 78093 asks for before the job is restarted)", [VmField], VaultSiteSteps.StartAzureVm),
        ["cancel-job"] = new("cancel-job", "cancels the machine's running job (ASR's Cancel job action); beside its operation in a parallel step", [
            VmField, Field.Opt("after", FieldType.Duration, "virtual time to wait before cancelling", "0s")], EngineSteps.CancelJob),
        ["restart-job"] = new("restart-job", "restarts the machine's failed job that offers Restart (ASR's Restart job action)", [VmField], EngineSteps.RestartJob),
        ["backup-configuration-server"] = new("backup-configuration-server", "backs up the configuration server", [Field.Opt("name", FieldType.Name, "the backup's name", "backup")], ConfigurationServerSteps.Backup) { Bare = true },
        ["refresh-configuration-server"] = new("refresh-configuration-server", "refreshes the configuration server (ASR's Refresh server job, about 15 minutes); the process servers report in", [], VaultSiteSteps.Refresh) { Bare = true },
        ["lose-configuration-server"] = new("lose-configuration-server", "the configuration server's VM and database are gone", [], ConfigurationServerSteps.Lose) { Bare = true },
        ["restore-configuration-server"] = new("restore-configuration-server", "restores the configuration server from a backup", [
            Field.Opt("backup", FieldType.Name, "the backup", "backup"), Field.Opt("ip", FieldType.Name, "its address (another than its own is refused)", "its own")], ConfigurationServerSteps.Restore),
        ["add-master-target"] = new("add-master-target", "registers a master target of the topology (one not registered at setup)", [VmField], MasterTargetSteps.Add),
        ["apply-custom-changes"] = new("apply-custom-changes", "ApplyCustomChanges.sh on a Linux master target, and its reboot (MT-5)", [VmField], MasterTargetSteps.ApplyCustomChanges),
    };

    /// <summary>Every step of the language, by name.</summary>
    public static IReadOnlyCollection<StepKind> All => Steps.Values;

    public static IReadOnlyCollection<string> Kinds => Steps.Keys;

    public static BoundStep Bind(ScenarioItem item, Topology topology)
    {
        if (!Steps.TryGetValue(item.Kind, out var kind))
            throw item.Where.Error($"unknown step '{item.Kind}'; steps are: {string.Join(", ", Steps.Keys)}.");
        // Any step may declare the error it is expected to fail with.
        string? failsWith = null;
        if (item.Args.IsMap)
        {
            var fields = item.Args.AsMap([.. kind.Fields.Select(f => f.Name), StepKind.FailsWith.Name]);
            if (fields.Optional(StepKind.FailsWith.Name) is { } expected) failsWith = expected.AsString();
        }
        topology.Defined.ExpectsFailure = failsWith is not null;
        return new BoundStep(item, failsWith, kind.Bind(item.Args, topology))
        {
            Preflight = StepPreflights.Of.TryGetValue(item.Kind, out var preflight) ? preflight(item.Args, topology) : null,
        };
    }

    /// <summary>A step's fields, once <see cref="Bind"/> has checked them against the step's declaration.</summary>
    internal static MapNode Fields(Node args) => args.AsMap();

    // ---- shared argument readers ----

    internal static string Vm(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.HasVm(name) ? name : throw node.Error($"unknown VM '{name}'; {Names(topology.Vms.Select(v => v.Name), topology.Generated is not null ? "#1..#" + topology.Generated.Vms : null)}.");
    }

    /// <summary>A machine whose guest writes: any VM of the topology or a physical server.</summary>
    internal static string Writer(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.HasVm(name) || topology.Physical.Any(p => p.Name == name) ? name
            : throw node.Error($"unknown VM '{name}' (or physical server); {Names(topology.Vms.Select(v => v.Name).Concat(topology.Physical.Select(p => p.Name)), topology.Generated is not null ? "#1..#" + topology.Generated.Vms : null)}.");
    }

    /// <summary>A machine the vault protects (a VM that is not a master target, or a physical server); the topology must have an Azure side.</summary>
    internal static string Protectable(Node node, Topology topology)
    {
        var name = node.AsString();
        if (topology.Vault is null) throw node.Error(NeedsAzure);
        return topology.HasMachine(name) ? name
            : throw node.Error($"unknown machine '{name}'; the vault protects {Names(topology.Vms.Where(v => !topology.Vault.HasMasterTarget(v.Name)).Select(v => v.Name).Concat(topology.Physical.Select(p => p.Name)), null)}.");
    }

    /// <summary>A process server of the topology, or one an earlier deploy-process-server step deploys.</summary>
    internal static string ProcessServer(Node node, Topology topology)
    {
        var name = node.AsString();
        if (topology.Vault is null) throw node.Error(NeedsAzure);
        return topology.Defined.Known(node, topology.Vault.HasProcessServer(name) || topology.Defined.DeployedProcessServers.Contains(name),
            () => $"unknown process server '{name}'; {Names(topology.Vault.ProcessServers.Select(p => p.Name).Concat(topology.Defined.DeployedProcessServers), null)} (and those deploy-process-server steps before this one deploy); a step that tests the engine's refusal declares fails-with.");
    }

    /// <summary>A master target of the topology.</summary>
    internal static string MasterTarget(Node node, Topology topology)
    {
        var name = node.AsString();
        if (topology.Vault is null) throw node.Error(NeedsAzure);
        return topology.Defined.Known(node, topology.Vault.HasMasterTarget(name),
            () => $"unknown master target '{name}'; {Names(topology.Vault.MasterTargets.Select(m => m.Vm), null)}; a step that tests the engine's refusal declares fails-with.");
    }

    /// <summary>A recovery plan an earlier create-plan step makes.</summary>
    internal static string Plan(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.Defined.Known(node, topology.Defined.Plans.Contains(name),
            () => $"unknown recovery plan '{name}'; a create-plan step before this one must make it (plans so far: {StepNames.List(topology.Defined.Plans, "none")}).");
    }

    /// <summary>A run-as account an earlier add-run-as-account step made.</summary>
    internal static string RunAsAccount(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.Defined.Known(node, topology.Defined.RunAsAccounts.Contains(name),
            () => $"unknown run-as account '{name}'; an add-run-as-account step before this one must add it (accounts so far: {StepNames.List(topology.Defined.RunAsAccounts, "none")}).");
    }

    internal const string NeedsAzure = "this step needs the Azure side and the vault; add 'azure: {}' (and master-targets for failback) to the topology.";

    internal static string Host(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.HasHost(name) ? name : throw node.Error($"unknown host '{name}'; {Names(topology.Hosts.Select(h => h.Name), topology.Generated is not null ? "#1..#N" : null)}.");
    }

    internal static string Datastore(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.HasDatastore(name) ? name : throw node.Error($"unknown datastore '{name}'; {Names(topology.Datastores.Select(d => d.Name), null)}.");
    }

    internal static string Server(Node node, Topology topology)
    {
        var name = node.AsString();
        return topology.HasServer(name) ? name : throw node.Error($"unknown server '{name}'; {Names(topology.VCenters.Select(v => v.Name).Concat(topology.Hosts.Select(h => h.Name)), null)}.");
    }

    private static string Names(IEnumerable<string> names, string? generated)
    {
        var list = names.ToList();
        if (generated is not null) return $"a generated topology names them {generated}";
        return list.Count == 0 ? "the topology has none" : $"the topology has: {string.Join(", ", list)}";
    }
}
