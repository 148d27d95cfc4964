using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Vault;

/// <summary>
/// What the vault knows: the vCenter sessions of the servers it discovers, the process servers and master
/// targets registered, and the machines it holds, with the lookups that go with them. It writes nothing
/// anywhere; the configuration database is <see cref="VaultConfiguration"/>'s.
/// </summary>
internal sealed class VaultRegistry : IDisposable
{
    private readonly Dictionary<string, IVSphereSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ProcessServer> _processServers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AzurePlacement> _azureProcessServers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RegisteredMasterTarget> _masterTargets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VaultItem> _items = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> DiscoveredServers => _sessions.Keys;
    public IReadOnlyCollection<ProcessServer> ProcessServers => _processServers.Values;
    public IReadOnlyCollection<RegisteredMasterTarget> MasterTargets => _masterTargets.Values;
    public IReadOnlyCollection<VaultItem> Items => _items.Values;

    /// <summary>Keeps the session of <paramref name="server"/>, closing the one it replaces.</summary>
    public void AddSession(string server, IVSphereSession session)
    {
        if (_sessions.Remove(server, out var old)) old.Dispose();
        _sessions[server] = session;
    }

    public bool RemoveSession(string server)
    {
        if (!_sessions.Remove(server, out var session)) return false;
        session.Dispose();
        return true;
    }

    /// <summary>A process server; one in Azure carries its VM and the network the VM joined (read from the VM ARM created).</summary>
    public void AddProcessServer(ProcessServer server, AzurePlacement? inAzure = null)
    {
        _processServers[server.Name] = server;
        if (inAzure is not null) _azureProcessServers[server.Name] = inAzure;
    }

    public void AddMasterTarget(RegisteredMasterTarget masterTarget) => _masterTargets[masterTarget.Server.Name] = masterTarget;

    public void AddItem(VaultItem item)
    {
        if (!_items.TryAdd(item.Id, item)) throw new ArgumentException($"'{item.Name}' ({item.Id}) is already in the vault.");
    }

    /// <summary>Forgets the servers a restored configuration database does not have (registered after its backup).</summary>
    public void KeepOnlyServers(IReadOnlyList<RegisteredServer> registered)
    {
        foreach (var name in _processServers.Where(p => !registered.Any(s => s.Id == p.Value.Id && s.Name == p.Key)).Select(p => p.Key).ToList())
        {
            _processServers.Remove(name);
            _azureProcessServers.Remove(name);
        }
        foreach (var name in _masterTargets.Where(m => !registered.Any(s => s.Id == m.Value.Server.Id && s.Name == m.Key)).Select(m => m.Key).ToList())
            _masterTargets.Remove(name);
    }

    public VaultItem Item(string itemId) => _items.TryGetValue(itemId, out var item) ? item
        : throw new ArgumentException($"No item '{itemId}' in the vault; items: {(_items.Count == 0 ? "none" : string.Join(", ", _items.Keys))}.", nameof(itemId));

    public VaultItem? FindItem(string itemId) => _items.GetValueOrDefault(itemId);

    public ProcessServer? FindProcessServer(string name) => _processServers.GetValueOrDefault(name);

    /// <summary>Where an Azure process server's VM is (PS-2, PS-3); null for one on-premises or not registered.</summary>
    public AzurePlacement? AzureProcessServer(string name) => _azureProcessServers.GetValueOrDefault(name);

    public RegisteredMasterTarget? FindMasterTarget(string name) => _masterTargets.GetValueOrDefault(name);

    public IVSphereSession Session(string server) => _sessions.TryGetValue(server, out var s) ? s
        : throw new AsrException(ErrorCatalog.TargetVCenterNotDiscovered.Create($"'{server}' is not discovered by the configuration server"));

    public bool Discovered(string server) => _sessions.ContainsKey(server);

    public async Task<VirtualMachineInfo> FindVmAsync(string server, string vmName, CancellationToken cancellationToken)
    {
        var inventory = await Session(server).RetrieveInventoryAsync(cancellationToken);
        return inventory.Vms.FirstOrDefault(v => v.Name == vmName)
            ?? throw new ArgumentException($"No VM named '{vmName}' on {server}; VMs: {string.Join(", ", inventory.Vms.Select(v => v.Name))}.");
    }

    /// <summary>The item's original on-premises VM, found by its UUID where the vault discovers it; null when it is gone.</summary>
    public async Task<VirtualMachineInfo?> FindOriginalVmAsync(VaultItem item, CancellationToken cancellationToken)
    {
        if (item.OnPremisesVmUuid is not { } uuid || item.VSphereServer is not { } server || !Discovered(server)) return null;
        var session = Session(server);
        return await session.FindVmByUuidAsync(uuid, cancellationToken) is { } moRef ? await session.GetVirtualMachineAsync(moRef, cancellationToken) : null;
    }

    public void Dispose()
    {
        foreach (var item in _items.Values) item.Leg?.Dispose();
        foreach (var session in _sessions.Values) session.Dispose();
    }
}
