using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Binds every step of a scenario before anything runs: the kind must be known, its fields present,
/// of the right type, and every name (VM, host, datastore, server) one the topology has.
/// </summary>
public static class StepBinder
{
    private delegate Func<DrillWorld, Task<string>> Binder(Node args, Topology topology);

    private static readonly SortedDictionary<string, Binder> Binders = new(StringComparer.Ordinal)
    {
        ["wait"] = (a, _) => WaitStep.Bind(a),
        ["write"] = GuestWriteStep.BindWrite,
        ["workload"] = GuestWriteStep.BindWorkload,
        ["power-on"] = (a, t) => InfrastructureSteps.Power(a, t, on: true),
        ["power-off"] = (a, t) => InfrastructureSteps.Power(a, t, on: false),
        ["delete-vm"] = InfrastructureSteps.DeleteVm,
        ["take-snapshot"] = InfrastructureSteps.TakeSnapshot,
        ["remove-snapshots"] = InfrastructureSteps.RemoveSnapshots,
        ["storage-vmotion"] = InfrastructureSteps.StorageVMotion,
        ["set-role"] = InfrastructureSteps.SetRole,
        ["set-license"] = InfrastructureSteps.SetLicense,
        ["disconnect-host"] = (a, t) => InfrastructureSteps.HostConnection(a, t, connected: false),
        ["reconnect-host"] = (a, t) => InfrastructureSteps.HostConnection(a, t, connected: true),
        ["set-extra-config"] = InfrastructureSteps.SetExtraConfig,
        ["enable-protection"] = EngineSteps.EnableProtection,
        ["failover"] = EngineSteps.Failover,
        ["commit"] = EngineSteps.Commit,
        ["reprotect"] = EngineSteps.Reprotect,
        ["disable-protection"] = EngineSteps.DisableProtection,
        ["wait-for-replication"] = EngineSteps.WaitForReplication,
        ["create-plan"] = PlanSteps.Create,
        ["plan-failover"] = PlanSteps.Failover,
        ["plan-commit"] = PlanSteps.Commit,
        ["plan-reprotect"] = PlanSteps.Reprotect,
        ["deploy-process-server"] = VaultSiteSteps.DeployProcessServer,
        ["add-vcenter"] = VaultSiteSteps.AddVCenter,
        ["break-link"] = (a, t) => VaultSiteSteps.Link(a, t, up: false),
        ["heal-link"] = (a, t) => VaultSiteSteps.Link(a, t, up: true),
        ["block-port"] = VaultSiteSteps.BlockPort,
        ["unblock-port"] = VaultSiteSteps.UnblockPort,
        ["stop-azure-vm"] = VaultSiteSteps.StopAzureVm,
        ["start-azure-vm"] = VaultSiteSteps.StartAzureVm,
        ["restart-job"] = EngineSteps.RestartJob,
        ["backup-configuration-server"] = ConfigurationServerSteps.Backup,
        ["lose-configuration-server"] = ConfigurationServerSteps.Lose,
        ["restore-configuration-server"] = ConfigurationServerSteps.Restore,
        ["add-master-target"] = MasterTargetSteps.Add,
        ["apply-custom-changes"] = MasterTargetSteps.ApplyCustomChanges,
        ["create-vm"] = InfrastructureSteps.CreateVm,
    };

    public static IReadOnlyCollection<string> Kinds => Binders.Keys;

    public static BoundStep Bind(ScenarioItem item, Topology topology)
    {
        if (!Binders.TryGetValue(item.Kind, out var binder))
            throw item.Where.Error($"unknown step '{item.Kind}'; steps are: {string.Join(", ", Binders.Keys)}.");
        // Any step may declare the error it is expected to fail with.
        string? failsWith = null;
        if (item.Args.IsMap && item.Args.AsMap().Optional("fails-with") is { } expected) failsWith = expected.AsString();
        return new BoundStep(item, failsWith, binder(item.Args, topology));
    }

    /// <summary>A step's fields: the given ones, plus <c>fails-with</c> which every step accepts.</summary>
    internal static MapNode Fields(Node args, params string[] keys) => args.AsMap([.. keys, "fails-with"]);

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
