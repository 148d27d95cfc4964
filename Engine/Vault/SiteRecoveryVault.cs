using Failback.Engine.Components;
using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;

namespace Failback.Engine.Vault;

/// <summary>
/// A Recovery Services vault protecting a VMware site to Azure, built from the ports: it installs (or
/// opens) the configuration server, discovers vCenters, registers process servers and master targets,
/// protects VMs and physical servers, and runs ASR's operations on them as jobs kept in the
/// configuration server's database. The control plane is the <see cref="Orchestrator"/>; the data
/// plane is the mobility agent, process server, replication pair and retention journal of each leg.
/// Call everything from the simulation's scheduler (inside Simulation.Run).
/// </summary>
public sealed class SiteRecoveryVault : IDisposable
{
    private readonly Dictionary<string, IVSphereSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ProcessServer> _processServers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (ProcessServer Server, string Network)> _azureProcessServers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (MasterTarget Server, string VSphereServer, ManagedObjectReference Vm)> _masterTargets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VaultItem> _items = new(StringComparer.Ordinal);

    public SiteRecoveryVault(IVSphereConnector vSphere, IArm arm, IBlobStorage blobs, INetwork network, VaultSettings settings, TimeProvider time,
        IPhysicalServerDiscovery? physicalServers = null)
    {
        VSphere = vSphere ?? throw new ArgumentNullException(nameof(vSphere));
        Arm = arm ?? throw new ArgumentNullException(nameof(arm));
        Blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Time = time ?? throw new ArgumentNullException(nameof(time));
        PhysicalServers = physicalServers;
        _configurationServer = File.Exists(settings.ConfigurationDatabasePath)
            ? ConfigurationServer.Open(settings.ConfigurationDatabasePath, time)
            : ConfigurationServer.Create(settings.ConfigurationDatabasePath, settings.ConfigurationServerName, settings.ConfigurationServerIp, settings.Passphrase, settings.PassphraseSalt, time);
        _jobStore = new ConfigurationJobStore(_configurationServer.Database);
        Orchestrator = new Orchestrator(new VaultReplication(this), new VaultDiscovery(this), new VaultMachines(this), _jobStore, time);
        Orchestrator.ItemChanged += RecordItemState;
        Plans = new RecoveryPlanRunner(Orchestrator);
    }

    private ConfigurationServer? _configurationServer;
    private readonly ConfigurationJobStore _jobStore;

    public VaultSettings Settings { get; }

    /// <summary>The configuration server on-premises; while it is lost, asking for it is refused with PRE-6's error.</summary>
    public ConfigurationServer ConfigurationServer => _configurationServer ?? throw new AsrException(ErrorCatalog.ConfigurationServer.Create(
        $"configuration server {Settings.ConfigurationServerName} ({Settings.ConfigurationServerIp}) is lost; restore it from a backup with that IP address"));

    /// <summary>False from <see cref="LoseConfigurationServer"/> until <see cref="RestoreConfigurationServerAsync"/>.</summary>
    public bool ConfigurationServerRunning => _configurationServer is not null;

    public Orchestrator Orchestrator { get; }
    /// <summary>Recovery plans and replication groups run through here (RP-8, RP-9).</summary>
    public RecoveryPlanRunner Plans { get; }
    public IJobStore JobStore => _jobStore;

    internal IVSphereConnector VSphere { get; }
    internal IArm Arm { get; }
    internal IBlobStorage Blobs { get; }
    internal INetwork Network { get; }
    internal TimeProvider Time { get; }
    internal IPhysicalServerDiscovery? PhysicalServers { get; }

    // ---- Discovery and registration ----

    /// <summary>Logs in to the vault's vCenter and ensures the recovery resource group exists.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await AddVCenterAsync(Settings.VCenterServer, Settings.VCenterUser, Settings.VCenterPassword, cancellationToken);
        await Arm.CreateOrUpdateAsync(ResourceId.Group(Settings.SubscriptionId, Settings.ResourceGroup),
            new ResourceGroup { Location = Settings.Location }, Time, cancellationToken);
    }

    /// <summary>Adds a vCenter (or a standalone ESXi host) for the configuration server to discover (TS-6, LOC-6).</summary>
    public async Task<AboutInfo> AddVCenterAsync(string server, string userName, string password, CancellationToken cancellationToken = default)
    {
        var session = await VSphere.LoginAsync(server, userName, password, cancellationToken);
        if (_sessions.Remove(server, out var old)) old.Dispose();
        _sessions[server] = session;
        return session.About;
    }

    /// <summary>The configuration server stops discovering <paramref name="server"/> (its account is removed); false when it did not.</summary>
    public bool RemoveVCenter(string server)
    {
        if (!_sessions.Remove(server, out var session)) return false;
        session.Dispose();
        return true;
    }

    /// <summary>The servers the configuration server discovered (vCenters and ESXi hosts).</summary>
    public IReadOnlyCollection<string> DiscoveredServers => _sessions.Keys;

    // ---- The configuration server: backup, loss and restore (PRE-6) ----

    /// <summary>Takes a backup of the configuration server's database while it runs (SQLite online backup): the scheduled backup PRE-6 asks for.</summary>
    public void BackupConfigurationServer(string backupPath) => ConfigurationServer.Backup(backupPath);

    /// <summary>
    /// The configuration server's VM and database are lost: operations that need it (protection,
    /// reprotect, failing back, registering servers) fail with PRE-6's error and heartbeats stop.
    /// Replication that runs keeps running (the process servers move the data) and failover to Azure works.
    /// </summary>
    public void LoseConfigurationServer()
    {
        var cs = ConfigurationServer;
        _configurationServer = null;
        _jobStore.Detach();
        cs.Dispose();
        File.Delete(Settings.ConfigurationDatabasePath);
    }

    /// <summary>
    /// Rebuilds the lost configuration server from <paramref name="backupPath"/>. It must keep its IP address
    /// (another one is refused, as PRE-6 says, and nothing is written). The vault then reloads from the restored
    /// database: items are matched to their records by machine (an item protected after the backup has none and
    /// cannot fail back), records of machines the vault no longer protects are removed, servers registered after
    /// the backup are dropped (register them again), running pairs and the jobs run meanwhile are written back,
    /// and the process servers send their first heartbeats.
    /// </summary>
    public async Task RestoreConfigurationServerAsync(string backupPath, string ipAddress, CancellationToken cancellationToken = default)
    {
        if (_configurationServer is { } running)
            throw new InvalidOperationException($"Configuration server {running.Name} ({running.IpAddress}) is running; it is restored only after it was lost.");
        var cs = ConfigurationServer.Restore(backupPath, Settings.ConfigurationDatabasePath, ipAddress, Time);
        _configurationServer = cs;
        _jobStore.Attach(cs.Database);
        Reload(cs);
        foreach (var ps in _processServers.Values) await HeartbeatAsync(ps.Name, cancellationToken);
    }

    private void Reload(ConfigurationServer cs)
    {
        var servers = cs.Database.Servers();
        foreach (var (name, ps) in _processServers.Where(p => !servers.Any(s => s.Id == p.Value.Id && s.Name == p.Key)).ToList())
        {
            _processServers.Remove(name);
            _azureProcessServers.Remove(name);
        }
        foreach (var name in _masterTargets.Where(m => !servers.Any(s => s.Id == m.Value.Server.Id && s.Name == m.Key)).Select(m => m.Key).ToList())
            _masterTargets.Remove(name);

        var records = cs.Database.Items();
        foreach (var item in _items.Values)
        {
            var state = Orchestrator.Item(item.Id);
            item.ConfigurationItemId = state.State == ProtectionState.Unprotected ? null : records.FirstOrDefault(r => r.SourceMachineId == item.Id)?.Id;
            if (item.ConfigurationItemId is not { } id) continue;
            cs.Database.SaveItem(records.Single(r => r.Id == id) with { ProtectionState = state.State.ToString(), ActiveLocation = state.ActiveLocation.ToString() });
            if (item.Leg is { Stopped: false, Record: { } pair } leg && cs.Database.FindPair(pair.Id) is null)
                cs.Database.SavePair(pair with { ItemId = id, AppliedSequence = leg.Pair.Target.AppliedSequence, UpdatedAt = Time.GetUtcNow() });
        }
        foreach (var record in records.Where(r => _items.Values.All(i => i.ConfigurationItemId != r.Id)))
            cs.Database.DeleteItem(record.Id);
    }

    /// <summary>
    /// Keeps the item's record in the configuration database as the item moves (state, active location), as ASR's
    /// configuration server does; while the server is lost nothing is written, and a restore writes the state back.
    /// </summary>
    private void RecordItemState(ProtectedItem changed)
    {
        if (_configurationServer is not { } cs || !_items.TryGetValue(changed.Id, out var item) || item.ConfigurationItemId is not { } id) return;
        if (cs.Database.FindItem(id) is { } record && record.SourceMachineId == item.Id)
            cs.Database.SaveItem(record with { ProtectionState = changed.State.ToString(), ActiveLocation = changed.ActiveLocation.ToString() });
    }

    /// <summary>Whether the item's machine is in the configuration server's database now (PRE-6).</summary>
    internal bool InConfigurationDatabase(VaultItem item) =>
        _configurationServer is { } cs && item.ConfigurationItemId is { } id && cs.Database.FindItem(id)?.SourceMachineId == item.Id;

    /// <summary>One heartbeat of process server <paramref name="processServer"/> to the configuration server: false when it is lost, the services are down or port 443 is blocked (TS-5).</summary>
    public async Task<bool> HeartbeatAsync(string processServer, CancellationToken cancellationToken = default)
    {
        var ps = FindProcessServer(processServer) ?? throw new ArgumentException(
            $"No process server '{processServer}' is registered; registered: {string.Join(", ", _processServers.Keys)}.", nameof(processServer));
        return _configurationServer is { } cs && ps.ServicesRunning && await ps.SendHeartbeatAsync(cs, cancellationToken);
    }

    /// <summary>The last heartbeat the configuration server recorded for the process server (null when none, or the server is lost).</summary>
    public DateTimeOffset? LastHeartbeat(string processServer) =>
        _configurationServer is { } cs && FindProcessServer(processServer)?.Id is { } id ? cs.LastHeartbeat(id) : null;

    /// <summary>Registers a process server on-premises (the one that sends data to Azure, or failback over ExpressRoute).</summary>
    public ProcessServer AddProcessServer(string name, string ipAddress, long? cacheBytes = null)
    {
        var ps = new ProcessServer(name, ipAddress, ServerLocation.OnPremises, cacheBytes ?? Settings.ProcessServerCacheBytes, Network, Time);
        ps.Register(ConfigurationServer, Settings.Passphrase);
        _processServers[name] = ps;
        return ps;
    }

    /// <summary>
    /// Deploys a process server in Azure for failback (PS-1, PS-4): a Resource Manager VM (PS-2, PS-5) on the
    /// recovery network (PS-3) from the marketplace, registered with the configuration server's passphrase (PS-6).
    /// </summary>
    public async Task<ProcessServer> DeployProcessServerInAzureAsync(string name, string? passphrase = null, CancellationToken cancellationToken = default)
    {
        var cs = ConfigurationServer; // it registers there: refused before any resource is created while the server is lost (PRE-6)
        var images = await Arm.ListMarketplaceImagesAsync(Settings.Location, cancellationToken);
        var image = images.FirstOrDefault(i => !i.Guest.IsLinux) ?? throw new InvalidOperationException($"No Windows image in {Settings.Location} to deploy process server '{name}' from.");
        var nicId = ArmTypes.NetworkInterface(Settings.SubscriptionId, Settings.ResourceGroup, name + "-nic");
        await Arm.CreateOrUpdateAsync(nicId, new NetworkInterface { Location = Settings.Location, SubnetId = RecoverySubnetId }, Time, cancellationToken);
        var vm = await Arm.CreateOrUpdateAsync(ArmTypes.VirtualMachine(Settings.SubscriptionId, Settings.ResourceGroup, name), new VirtualMachine
        {
            Location = Settings.Location, Size = "Standard_D4s_v3", Image = image.Reference, AdminUsername = "asradmin", AdminPassword = "Process!Server1",
            NetworkInterfaceIds = [nicId],
        }, Time, cancellationToken);
        var ps = new ProcessServer(name, vm.PrivateIpAddresses[0], ServerLocation.Azure, Settings.ProcessServerCacheBytes, Network, Time);
        ps.Register(cs, passphrase ?? Settings.Passphrase);
        _azureProcessServers[name] = (ps, Settings.RecoveryNetwork);
        _processServers[name] = ps;
        return ps;
    }

    public IReadOnlyCollection<ProcessServer> ProcessServers => _processServers.Values;

    /// <summary>
    /// Registers the on-premises master target running in VM <paramref name="vmName"/> of <paramref name="vSphereServer"/>
    /// (the vault's vCenter by default) with the volumes its guest has; selects the retention volume (RP-4).
    /// </summary>
    public async Task<MasterTarget> AddMasterTargetAsync(string vmName, IEnumerable<VolumeInfo> volumes, string? retentionVolume = null,
        string? vSphereServer = null, CancellationToken cancellationToken = default)
    {
        var server = vSphereServer ?? Settings.VCenterServer;
        var vm = await FindVmAsync(server, vmName, cancellationToken);
        var mt = new MasterTarget(vmName, Address(vm.Guest, vmName), vm.Guest, volumes, vm.Guest.IsLinux ? "/" : "C:");
        mt.Register(ConfigurationServer, Settings.Passphrase);
        mt.SelectRetentionVolume(retentionVolume);
        _masterTargets[vmName] = (mt, server, vm.MoRef);
        return mt;
    }

    /// <summary>
    /// Adds a VMware VM to the vault (not yet protected): its disks, guest and where it runs; in a replication
    /// group (multi-VM consistency) when <paramref name="replicationGroup"/> is given (RP-8, RP-9).
    /// </summary>
    public async Task<ProtectedItem> AddVirtualMachineAsync(string vmName, string? vSphereServer = null, string? replicationGroup = null, CancellationToken cancellationToken = default)
    {
        var server = vSphereServer ?? Settings.VCenterServer;
        var vm = await FindVmAsync(server, vmName, cancellationToken);
        var item = new VaultItem(vm.MoRef.Value, vm.Name, MachineKind.VmwareVm, vm.Guest,
            [.. vm.Disks.OrderBy(d => d.UnitNumber).Select((d, i) => new ItemDisk($"disk-{i}", d.CapacityBytes) { VmdkPath = d.FileName, DeviceKey = d.Key })])
        {
            OnPremisesAddress = Address(vm.Guest, vm.Name),
            GuestId = vm.GuestId,
            VSphereServer = server,
            OnPremisesVm = vm.MoRef,
            OnPremisesVmUuid = vm.Uuid,
        };
        return Register(item, replicationGroup);
    }

    /// <summary>Adds a physical server, discovered by address and credentials (the agent's push install).</summary>
    public async Task<ProtectedItem> AddPhysicalServerAsync(string address, string userName, string password, CancellationToken cancellationToken = default)
    {
        var discovery = PhysicalServers ?? throw new InvalidOperationException("This vault was built without physical server discovery; pass an IPhysicalServerDiscovery.");
        var info = await discovery.DiscoverAsync(address, userName, password, cancellationToken);
        var item = new VaultItem(info.Name, info.Name, MachineKind.PhysicalServer, info.Guest,
            [.. info.Disks.OrderBy(d => d.Index).Select(d => new ItemDisk($"disk-{d.Index}", d.CapacityBytes))])
        {
            OnPremisesAddress = info.IpAddress,
            GuestId = info.Guest.IsLinux ? "centos7_64Guest" : "windows9Server64Guest",
            Physical = (address, userName, password),
        };
        return Register(item);
    }

    private ProtectedItem Register(VaultItem item, string? replicationGroup = null)
    {
        if (_items.ContainsKey(item.Id)) throw new ArgumentException($"'{item.Name}' ({item.Id}) is already in the vault.");
        _items[item.Id] = item;
        return Orchestrator.Register(new ProtectedItem { Id = item.Id, Name = item.Name, Kind = item.Kind, OsName = item.Guest.OsName, ReplicationGroup = replicationGroup });
    }

    // ---- Operations (ASR's) ----

    public Task<Job> EnableProtectionAsync(string itemId, EnableProtectionInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.EnableProtectionAsync(itemId, input, cancellationToken);

    public Task<Job> UnplannedFailoverAsync(string itemId, UnplannedFailoverInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.UnplannedFailoverAsync(itemId, input, cancellationToken);

    public Task<Job> CommitAsync(string itemId, CancellationToken cancellationToken = default) => Orchestrator.CommitAsync(itemId, cancellationToken);

    public Task<Job> ReprotectAsync(string itemId, ReprotectInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.ReprotectAsync(itemId, input, cancellationToken);

    public Task<Job> DisableProtectionAsync(string itemId, CancellationToken cancellationToken = default) =>
        Orchestrator.DisableProtectionAsync(itemId, cancellationToken);

    /// <summary>ASR's job Restart: runs a failed item job again as a new job (the documented fix for 78093).</summary>
    public Task<Job> RestartJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Orchestrator.RestartJobAsync(jobId, cancellationToken);

    /// <summary>Waits (in virtual time) until the item's initial replication ended and the item is protected.</summary>
    public async Task WaitForInitialReplicationAsync(string itemId)
    {
        var leg = VaultItem(itemId).Leg ?? throw new InvalidOperationException($"'{itemId}' is not replicating.");
        await leg.InitialReplicationDone;
        while (Orchestrator.Item(itemId).State is ProtectionState.InitialReplication or ProtectionState.InitialReplicationToOnPremises)
            await Time.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>Waits until the target holds every write the guest made so far.</summary>
    public async Task WaitForCatchUpAsync(string itemId)
    {
        var leg = VaultItem(itemId).Leg ?? throw new InvalidOperationException($"'{itemId}' is not replicating.");
        await leg.InitialReplicationDone;
        while (leg.Pair.Target.AppliedSequence < leg.Agent.LastSequence || leg.Agent.PendingRecords > 0)
            await Time.Delay(TimeSpan.FromSeconds(1));
    }

    // ---- What the portal shows ----

    public IReadOnlyList<ProtectedItem> Items => Orchestrator.Items;
    public ProtectedItem Item(string itemId) => Orchestrator.Item(itemId);
    public IReadOnlyList<AsrOperation> AllowedOperations(string itemId) => Orchestrator.AllowedOperations(itemId);
    public IReadOnlyList<AsrOperation> PermittedOperations(string itemId) => Orchestrator.PermittedOperations(itemId);

    /// <summary>The item's state fields in ASR's strings (protectionState, activeLocation, replicationHealth, ...).</summary>
    public ItemStatus Status(string itemId) => ItemStatus.Of(Item(itemId), AllowedOperations(itemId), Health(itemId));
    public IReadOnlyList<Job> Jobs => JobStore.All();
    public Job? Job(string jobId) => JobStore.Find(jobId);

    /// <summary>The item's current RPO (zero when nothing replicates).</summary>
    public TimeSpan Rpo(string itemId) => VaultItem(itemId).Leg is { Stopped: false } leg ? leg.Pair.Rpo : TimeSpan.Zero;

    /// <summary>Replication health (Normal, Warning, Critical), null when nothing replicates.</summary>
    public ReplicationHealth? Health(string itemId) => VaultItem(itemId).Leg is { Stopped: false } leg ? leg.Pair.HealthFor(leg.Pair.Rpo) : null;

    /// <summary>The recovery points of the running (or last) leg, oldest first.</summary>
    public IReadOnlyList<RecoveryPoint> RecoveryPoints(string itemId) => VaultItem(itemId).Leg?.Journal.Points ?? [];

    /// <summary>The item's disks as its guest writes them now (through the mobility agent), null while nothing replicates.</summary>
    public IReadOnlyList<IBlockDevice>? GuestDisks(string itemId) => VaultItem(itemId).Leg is { Stopped: false } leg ? leg.GuestDisks : null;

    /// <summary>The guest as it last ran; after failback it carries Azure's changes (TS-2, TS-3).</summary>
    public GuestState Guest(string itemId) => VaultItem(itemId).Guest;

    /// <summary>What the last failover of the item cost in data.</summary>
    public FailoverAccounting? LastFailover(string itemId) => VaultItem(itemId).LastFailover;

    /// <summary>Initial replication of the running (or last) leg: full copy or delta resync, and what it sent per disk.</summary>
    public IReadOnlyList<InitialReplicationResult> InitialReplication(string itemId) => VaultItem(itemId).Leg?.Pair.InitialReplication ?? [];

    /// <summary>Bytes the item's replication sent over every leg so far.</summary>
    public long BytesTransferred(string itemId)
    {
        var item = VaultItem(itemId);
        return item.BytesSentByEndedLegs + (item.Leg?.Pair.BytesSent ?? 0);
    }

    public long TotalBytesTransferred => _items.Keys.Sum(BytesTransferred);

    /// <summary>The Azure VM of the item while one exists.</summary>
    public ResourceId? AzureVm(string itemId) => VaultItem(itemId).AzureVm;

    /// <summary>The on-premises VM the item runs as (original, or the new one of an alternate-location failback).</summary>
    public ManagedObjectReference? OnPremisesVm(string itemId) => VaultItem(itemId).OnPremisesVm;

    public void Dispose()
    {
        foreach (var item in _items.Values) item.Leg?.Dispose();
        foreach (var session in _sessions.Values) session.Dispose();
        _configurationServer?.Dispose();
    }

    // ---- Shared with the service implementations ----

    internal VaultItem VaultItem(string itemId) => _items.TryGetValue(itemId, out var item) ? item
        : throw new ArgumentException($"No item '{itemId}' in the vault; items: {(_items.Count == 0 ? "none" : string.Join(", ", _items.Keys))}.", nameof(itemId));

    internal ProcessServer? FindProcessServer(string name) => _processServers.GetValueOrDefault(name);
    internal (ProcessServer Server, string Network)? FindAzureProcessServer(string name) => _azureProcessServers.TryGetValue(name, out var ps) ? ps : null;
    internal (MasterTarget Server, string VSphereServer, ManagedObjectReference Vm)? FindMasterTarget(string name) => _masterTargets.TryGetValue(name, out var mt) ? mt : null;

    internal IVSphereSession Session(string server) => _sessions.TryGetValue(server, out var s) ? s
        : throw new AsrException(ErrorCatalog.TargetVCenterNotDiscovered.Create($"'{server}' is not discovered by the configuration server"));

    internal bool Discovered(string server) => _sessions.ContainsKey(server);

    internal ResourceId RecoveryNetworkId => ArmTypes.VirtualNetwork(Settings.SubscriptionId, Settings.ResourceGroup, Settings.RecoveryNetwork);
    internal ResourceId RecoverySubnetId => ResourceId.Parse($"{RecoveryNetworkId}/subnets/{Settings.RecoverySubnet}");

    internal async Task<VirtualMachineInfo> FindVmAsync(string server, string vmName, CancellationToken cancellationToken)
    {
        var inventory = await Session(server).RetrieveInventoryAsync(cancellationToken);
        return inventory.Vms.FirstOrDefault(v => v.Name == vmName)
            ?? throw new ArgumentException($"No VM named '{vmName}' on {server}; VMs: {string.Join(", ", inventory.Vms.Select(v => v.Name))}.");
    }

    /// <summary>The address a machine is known by on the network: its first static address, else its name.</summary>
    internal static string Address(GuestState guest, string name) => guest.Nics.FirstOrDefault(n => n.StaticAddress is not null)?.StaticAddress ?? name;
}
