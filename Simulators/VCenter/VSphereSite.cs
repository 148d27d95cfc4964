using Failback.Engine.Ports;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter.Changes;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Operations;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Session;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter;

/// <summary>
/// The simulated on-premises site: vCenter servers, ESXi hosts (managed or standalone), datastores
/// that are real folders of real VMDK files, networks, VMs and physical servers. Scenarios build and
/// change it through this class; the engine reaches it only through the ports it implements
/// (<see cref="IVSphereConnector"/>, <see cref="IPhysicalServerDiscovery"/>).
/// </summary>
public sealed class VSphereSite : IVSphereConnector, IPhysicalServerDiscovery
{
    private readonly List<ServiceInstance> _servers = [];
    private readonly List<HostSystem> _hosts = [];
    private readonly List<Datastore> _datastores = [];
    private readonly List<Network> _networks = [];
    private readonly List<PhysicalServer> _physical = [];
    private readonly Dictionary<string, License> _licenses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _openDisks = new(StringComparer.Ordinal);

    public VSphereSite(Simulation simulation, VSphereSiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(options);
        Simulation = simulation;
        Options = options with { RootDirectory = Path.GetFullPath(options.RootDirectory) };
        Identities = simulation.Choices.Stream("vcenter");
        LatencyChoices = simulation.Choices.Stream("vcenter.latency");
        Events = new EventLog(this);
        Changes = new ChangeLog(this);
        Directory.CreateDirectory(Options.RootDirectory);
    }

    public Simulation Simulation { get; }
    public VSphereSiteOptions Options { get; }
    public VirtualClock Clock => Simulation.Clock;
    public Kernel.Trace Trace => Simulation.Trace;
    /// <summary>UUIDs and MAC addresses of new objects.</summary>
    internal ChoiceStream Identities { get; }
    internal ChoiceStream LatencyChoices { get; }
    public EventLog Events { get; }
    public ChangeLog Changes { get; }

    public IReadOnlyList<ServiceInstance> Servers => _servers;
    public IEnumerable<ServiceInstance> VCenters => _servers.Where(s => s.IsVCenter);
    public IReadOnlyList<HostSystem> Hosts => _hosts;
    public IReadOnlyList<Datastore> Datastores => _datastores;
    public IReadOnlyList<Network> Networks => _networks;
    public IReadOnlyList<PhysicalServer> PhysicalServers => _physical;
    public IEnumerable<VirtualMachine> Vms => _hosts.SelectMany(h => h.Vms);
    public IReadOnlyDictionary<string, License> Licenses => _licenses;

    /// <summary>Local paths of disk files the engine has open, with the number of handles (busy files are locked).</summary>
    internal Dictionary<string, int> OpenDisks => _openDisks;

    // ---- building the site (scenario set-up; no tasks, no latency) ----

    /// <summary>Adds a vCenter Server with the administrator account <c>administrator@vsphere.local</c>.</summary>
    public ServiceInstance AddVCenter(string name, string adminPassword, string version = "7.0.3")
    {
        RequireNewServerName(name);
        var about = new AboutInfo(name, $"VMware vCenter Server {version} build-19480866", AboutInfo.VirtualCenter, version, Identities.NextGuid().ToString());
        var vc = new ServiceInstance(this, about, null);
        vc.AddAccount("administrator@vsphere.local", adminPassword, vc.AdminRole);
        _servers.Add(vc);
        Trace.Emit("vcenter", "server.added", ("server", name), ("apiType", about.ApiType), ("version", version));
        return vc;
    }

    /// <summary>
    /// Adds an ESXi host with its own agent (account <c>root</c>). With a datacenter or cluster a vCenter
    /// manages it; with neither it is standalone (LOC-6) until a vCenter adds it.
    /// </summary>
    public HostSystem AddHost(string name, string ipAddress, string version, LicenseEdition edition, string rootPassword,
        Datacenter? datacenter = null, ClusterComputeResource? cluster = null, int cpuCores = 16, long memoryBytes = 128L << 30)
    {
        RequireNewServerName(name);
        if (_hosts.Any(h => h.IpAddress == ipAddress)) throw new ArgumentException($"Address {ipAddress} is already taken by another host.", nameof(ipAddress));
        var host = new HostSystem(name, ipAddress)
        {
            Version = version,
            Build = EsxiBuilds.BuildOf(version),
            RootPassword = rootPassword,
            CpuCores = cpuCores,
            MemoryBytes = memoryBytes,
        };
        host.Edition = edition;
        var about = new AboutInfo(name, $"VMware ESXi {version} build-{host.Build}", AboutInfo.HostAgent, version, Identities.NextGuid().ToString());
        host.Agent = new ServiceInstance(this, about, host);
        host.Agent.AddAccount("root", rootPassword, host.Agent.AdminRole);
        _servers.Add(host.Agent);
        _hosts.Add(host);
        Trace.Emit("vcenter", "host.added", ("host", name), ("ip", ipAddress), ("version", version), ("edition", edition));
        if (cluster is not null || datacenter is not null) Attach(host, cluster?.Datacenter ?? datacenter!, cluster);
        else Changes.Record(host, ObjectUpdateKind.Enter, "name");
        return host;
    }

    /// <summary>Puts a host under a vCenter datacenter (and cluster): what AddHost does once it has connected.</summary>
    internal void Attach(HostSystem host, Datacenter datacenter, ClusterComputeResource? cluster)
    {
        host.Datacenter = datacenter;
        host.Cluster = cluster;
        datacenter.Hosts.Add(host);
        cluster?.Hosts.Add(host);
        // The host, then what it carries, enter the vCenter's inventory in a stable order.
        Changes.Record(host, ObjectUpdateKind.Enter, "name", "parent");
        foreach (var ds in host.Datastores) Changes.Record(ds, ObjectUpdateKind.Modify, "host");
        foreach (var net in host.Networks) Changes.Record(net, ObjectUpdateKind.Modify, "host");
        foreach (var vm in host.Vms) Changes.Record(vm, ObjectUpdateKind.Enter, "name", "runtime.host");
    }

    /// <summary>Adds a licence key the site's servers accept; the key decides the ESXi edition it grants.</summary>
    public License AddLicense(string key, LicenseEdition edition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var license = new License(key, edition);
        _licenses[key] = license;
        return license;
    }

    /// <summary>Adds a datastore (a new folder under the root) mounted on the given hosts.</summary>
    public Datastore AddDatastore(string name, DatastoreType type, long capacity, params HostSystem[] mountedOn)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', '[', ']']) >= 0)
            throw new ArgumentException($"'{name}' is not a valid datastore name (no slashes or brackets).", nameof(name));
        if (_datastores.Any(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A datastore named '{name}' already exists on the site.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var ds = new Datastore(name, Path.Combine(Options.RootDirectory, name)) { DatastoreType = type, Capacity = capacity, Uuid = Identities.NextGuid() };
        Directory.CreateDirectory(ds.Directory);
        _datastores.Add(ds);
        Trace.Emit("vcenter", "datastore.added", ("datastore", name), ("type", type), ("capacity", capacity));
        foreach (var host in mountedOn) Mount(ds, host);
        return ds;
    }

    public void Mount(Datastore datastore, HostSystem host)
    {
        if (!datastore.Hosts.Add(host)) return;
        host.Datastores.Add(datastore);
        Changes.Record(datastore, ObjectUpdateKind.Modify, "host");
    }

    public Network AddNetwork(string name, params HostSystem[] hosts)
    {
        var network = _networks.FirstOrDefault(n => n.Name == name) ?? new Network(name);
        if (!_networks.Contains(network)) _networks.Add(network);
        foreach (var host in hosts)
            if (network.Hosts.Add(host)) host.Networks.Add(network);
        Changes.Record(network, ObjectUpdateKind.Enter, "host");
        return network;
    }

    /// <summary>Creates a VM directly (set-up), with the same checks and files as CreateVM_Task (a free licence does not stop set-up).</summary>
    public VirtualMachine CreateVm(HostSystem host, Datastore datastore, VirtualMachineConfigSpec spec, GuestState? guest = null)
    {
        var server = host.Datacenter?.Server ?? host.Agent;
        VmCreation.Check(server, host, datastore, spec, viaApi: false);
        var vm = VmCreation.Commit(this, server, host, datastore, spec);
        if (guest is not null) vm.Guest = guest;
        Events.Post(server, 0, "VmCreatedEvent", "setup", vm, $"Created virtual machine {vm.Name} on {host.Name}");
        return vm;
    }

    /// <summary>Powers a VM on or off directly (set-up).</summary>
    public void SetPowerState(VirtualMachine vm, VirtualMachinePowerState state)
    {
        vm.PowerState = state;
        Changes.Record(vm, ObjectUpdateKind.Modify, "runtime.powerState");
    }

    /// <summary>
    /// Replaces what is inside the guest: the scenario runner sets it, or carries it back from Azure
    /// after a failback (the two simulators never reference each other).
    /// </summary>
    public void SetGuestState(VirtualMachine vm, GuestState guest)
    {
        vm.Guest = guest;
        Trace.Emit("vcenter", "guest.changed", ("vm", vm.Name), ("os", guest.OsName), ("tools", guest.VmwareToolsEnabled));
        Changes.Record(vm, ObjectUpdateKind.Modify, "guest");
    }

    public void SetHostConnectionState(HostSystem host, HostSystemConnectionState state)
    {
        if (host.ConnectionState == state) return;
        host.ConnectionState = state;
        var server = host.Datacenter?.Server ?? host.Agent;
        Events.Post(server, 0, state == HostSystemConnectionState.Connected ? "HostReconnectedEvent" : "HostDisconnectedEvent", "vpxd", host,
            $"Host {host.Name} is {state}");
        Changes.Record(host, ObjectUpdateKind.Modify, "runtime.connectionState");
    }

    public void SetDatastoreAccessible(Datastore datastore, bool accessible)
    {
        if (datastore.Accessible == accessible) return;
        datastore.Accessible = accessible;
        Trace.Emit("vcenter", "datastore.accessible", ("datastore", datastore.Name), ("accessible", accessible));
        foreach (var server in _servers.Where(s => s.Sees(datastore)))
            Events.Post(server, 0, accessible ? "DatastoreAccessibleEvent" : "DatastoreInaccessibleEvent", "vpxd", datastore,
                $"Datastore {datastore.Name} is {(accessible ? "accessible" : "inaccessible")}");
        Changes.Record(datastore, ObjectUpdateKind.Modify, "summary.accessible");
    }

    /// <summary>Adds a physical server whose disks are new thin image files of the given sizes.</summary>
    public PhysicalServer AddPhysicalServer(string name, string ipAddress, string userName, string password, GuestState guest, params long[] diskSizes)
    {
        if (_physical.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || p.IpAddress == ipAddress))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A physical server named '{name}' or at {ipAddress} already exists.");
        var server = new PhysicalServer(name, ipAddress) { UserName = userName, Password = password, Guest = guest };
        var folder = Path.Combine(Options.RootDirectory, "physical", name);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < diskSizes.Length; i++)
        {
            var path = Path.Combine(folder, $"disk{i}.vmdk");
            DiskFiles.CreatePhysical(path, diskSizes[i], Identities.NextGuid(), Clock.GetUtcNow());
            server.Disks.Add((path, diskSizes[i]));
        }
        _physical.Add(server);
        Trace.Emit("vcenter", "physical.added", ("server", name), ("ip", ipAddress), ("os", guest.OsName), ("disks", diskSizes.Length));
        return server;
    }

    // ---- ports ----

    public async Task<IVSphereSession> LoginAsync(string server, string userName, string password, CancellationToken cancellationToken = default)
    {
        await Clock.Delay(Options.CallLatency, cancellationToken);
        var target = _servers.FirstOrDefault(s => s.Name.Equals(server, StringComparison.OrdinalIgnoreCase) || s.AgentOf?.IpAddress == server)
            ?? throw new VSphereFault(VSphereFaultType.HostConnectFault, $"Cannot connect to '{server}': no vCenter Server or ESXi host answers at that address.");
        if (Simulation.Faults.Consult("vcenter", "Login", target.Name) is { } hit)
        {
            await Clock.Delay(hit.Delay, cancellationToken);
            if (hit.Fault is { } fault) throw Tasks.FaultInjector.Raise(this, target, null, fault, hit.Detail);
        }
        if (target.AgentOf is { IsConnected: false })
            throw new VSphereFault(VSphereFaultType.HostConnectFault, $"Cannot connect to ESXi host '{target.Name}': it is not responding.");
        if (!target.Accounts.TryGetValue(userName, out var account) || account.Password != password)
        {
            Trace.Emit("vcenter", "login.refused", ("server", target.Name), ("user", userName));
            Events.Post(target, 0, "BadUsernameSessionEvent", userName, null, $"Cannot login {userName}@{target.Name}");
            throw new VSphereFault(VSphereFaultType.InvalidLogin, $"Cannot complete login due to an incorrect user name or password for '{userName}' on {target.Name}.");
        }
        Events.Post(target, 0, "UserLoginSessionEvent", userName, null, $"User {userName} logged in");
        Trace.Emit("vcenter", "login", ("server", target.Name), ("user", userName), ("role", account.Role.Name));
        return new VSphereSession(this, target, account);
    }

    public async Task<PhysicalServerInfo> DiscoverAsync(string address, string userName, string password, CancellationToken cancellationToken = default)
    {
        var server = await FindPhysicalAsync(address, userName, password, cancellationToken);
        Trace.Emit("vcenter", "physical.discovered", ("server", server.Name));
        return new PhysicalServerInfo(server.Name, server.IpAddress, server.Guest,
            server.Disks.Select((d, i) => new PhysicalDiskInfo(i, server.Guest.IsLinux ? $"/dev/sd{(char)('a' + i)}" : $"\\\\.\\PHYSICALDRIVE{i}", d.Capacity)).ToList());
    }

    public async Task<IBlockDevice> OpenDiskAsync(string address, string userName, string password, int diskIndex, bool writable, CancellationToken cancellationToken = default)
    {
        var server = await FindPhysicalAsync(address, userName, password, cancellationToken);
        if (diskIndex < 0 || diskIndex >= server.Disks.Count)
            throw new ArgumentOutOfRangeException(nameof(diskIndex), diskIndex, $"Physical server '{server.Name}' has {server.Disks.Count} disk(s), numbered from 0.");
        return DiskFiles.Open(server.Disks[diskIndex].Path, writable, datastoreFolder: null);
    }

    private async Task<PhysicalServer> FindPhysicalAsync(string address, string userName, string password, CancellationToken cancellationToken)
    {
        await Clock.Delay(Options.CallLatency, cancellationToken);
        var server = _physical.FirstOrDefault(p => p.IpAddress == address || p.Name.Equals(address, StringComparison.OrdinalIgnoreCase))
            ?? throw new Engine.Ports.Network.NetworkUnreachableException($"No physical server answers at '{address}'.");
        if (server.UserName != userName || server.Password != password)
            throw new PhysicalServerLoginException($"Physical server '{server.Name}' refused the credentials of '{userName}'.");
        return server;
    }

    private void RequireNewServerName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A server needs a name (its address).", nameof(name));
        if (_servers.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"A server named '{name}' already exists on the site.");
    }
}
