using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Vault;
using Failback.Lab.Arm.Inputs;
using Failback.Scenarios.World;

namespace Failback.Lab.Arm.Resources;

/// <summary>
/// The lab's vault as the ARM API names it, read on the lab's scheduler: ARM names are case-insensitive, items are
/// named by the engine's id (the VM's managed object id, e.g. vm-12) and shown by their friendly name, servers by
/// the configuration server's ids. Everything here only reads.
/// </summary>
internal sealed class VaultView(DrillWorld world, ArmVault arm)
{
    public DrillWorld World { get; } = world;
    public ArmVault Arm { get; } = arm;

    public SiteRecoveryVault Vault => World.Vault
        ?? throw new ArmException(404, "ResourceNotFound", $"The lab '{Arm.Name}' has no Azure side, so it has no Recovery Services vault.");

    /// <summary>The VMware fabric: the configuration server, named as the vault knows it.</summary>
    public string Fabric => Vault.Settings.ConfigurationServerName;

    public void RequireFabric(string fabric)
    {
        if (!string.Equals(fabric, Fabric, StringComparison.OrdinalIgnoreCase)) throw ArmException.NotFound("replication fabric", fabric);
    }

    public void RequireContainer(string fabric, string container)
    {
        RequireFabric(fabric);
        if (!string.Equals(container, ArmVault.ContainerName(Fabric), StringComparison.OrdinalIgnoreCase))
            throw ArmException.NotFound("protection container", container);
    }

    public ProtectedItem Item(string name) =>
        Vault.Items.FirstOrDefault(i => string.Equals(i.Id, name, StringComparison.OrdinalIgnoreCase))
        ?? throw ArmException.NotFound("replication protected item", name);

    public RecoveryPlan Plan(string name) =>
        World.Plans.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value.Plan
        ?? throw ArmException.NotFound("recovery plan", name);

    /// <summary>
    /// The name of the Azure virtual network an input's networkId names (an ARM id or a bare name), or null when absent; a
    /// network outside the vault's subscription and resource group is refused (the drill names networks of the vault's group).
    /// </summary>
    public string? NetworkName(string? networkId)
    {
        if (networkId is null) return null;
        if (!networkId.Contains('/')) return networkId;
        var settings = Vault.Settings;
        var expected = $"/subscriptions/{settings.SubscriptionId}/resourceGroups/{settings.ResourceGroup}/providers/Microsoft.Network/virtualNetworks/";
        if (!networkId.StartsWith(expected, StringComparison.OrdinalIgnoreCase) || networkId[expected.Length..].TrimEnd('/').Contains('/'))
            throw new ArmException(400, "InvalidRequestContent",
                $"networkId '{networkId}' is not a virtual network of the vault's resource group: the lab's networks are {expected}NAME.");
        return Body.Name(networkId);
    }

    /// <summary>The drill's name of the machine an item protects (what the lab's steps name).</summary>
    public string MachineName(string itemId) => World.Machines.FirstOrDefault(m => m.ItemId == itemId)?.Name
        ?? throw ArmException.NotFound("machine of protected item", itemId);

    private readonly Dictionary<ServerRole, IReadOnlyList<RegisteredServer>> _servers = [];

    /// <summary>The servers registered with the configuration server (read once per answer); none while it is lost.</summary>
    public IReadOnlyList<RegisteredServer> Servers(ServerRole role)
    {
        if (!_servers.TryGetValue(role, out var servers))
            _servers[role] = servers = Vault.ConfigurationServerRunning ? Vault.ConfigurationServer.Servers(role) : [];
        return servers;
    }

    /// <summary>The configuration server's id of a registered server named <paramref name="name"/>, else the name itself.</summary>
    public string ServerId(ServerRole role, string name) => Servers(role).FirstOrDefault(s => s.Name == name)?.Id ?? name;

    /// <summary>The name of the server an input names by its id or its name (ASR's inputs carry ids; people type names).</summary>
    public string ServerName(ServerRole role, string idOrName) =>
        Servers(role).FirstOrDefault(s => string.Equals(s.Id, idOrName, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, idOrName, StringComparison.OrdinalIgnoreCase))?.Name
        ?? idOrName;
}
