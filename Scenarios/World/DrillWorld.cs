using Failback.Engine.Components;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Vault;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter;
using Failback.Simulators.VCenter.Generator;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Scenarios.World;

/// <summary>
/// Everything one run acts on: the kernel, the simulated on-premises site built from the topology inside
/// the run's folder, the simulated Azure and the vault over both (when the topology has an Azure side),
/// and the machines whose guests write, with their ground truth. Steps and expectations find objects here
/// by the names the scenario uses.
/// </summary>
public sealed class DrillWorld : IDisposable
{
    private readonly Topology _topology;
    private readonly Dictionary<string, VirtualMachine> _vms = new(StringComparer.Ordinal);
    private readonly List<VirtualMachine> _generatedVms = [];
    private readonly Dictionary<string, Machine> _machines = new(StringComparer.Ordinal);

    private DrillWorld(Simulation simulation, RunFolder folder, Topology topology, WorldPorts ports)
    {
        Simulation = simulation;
        Folder = folder;
        _topology = topology;
        Ports = ports;
        var root = Path.Combine(folder.Path, "onprem");
        Site = new VSphereSite(simulation, topology.Latency is { } latency ? new VSphereSiteOptions { RootDirectory = root, Latency = latency } : new VSphereSiteOptions { RootDirectory = root });
        Guest = simulation.Choices.Stream("guest");
    }

    /// <summary>
    /// Builds the site, then the Azure side and the vault; virtual time spent here is before the drill's time 0.
    /// The vault is built on <paramref name="ports"/> (the simulators' own when null).
    /// </summary>
    public static async Task<DrillWorld> BuildAsync(Simulation simulation, RunFolder folder, Topology topology, WorldPorts? ports = null)
    {
        var world = Create(simulation, folder, topology, ports);
        await world.SetUpAsync();
        return world;
    }

    /// <summary>
    /// The one world builder's first half, outside the simulation's run: the site and (when the topology has an Azure
    /// side) the simulated Azure, before anything is created in it. Tests change either here, then call <see cref="SetUpAsync"/>.
    /// </summary>
    public static DrillWorld Create(Simulation simulation, RunFolder folder, Topology topology, WorldPorts? ports = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(topology);
        var world = new DrillWorld(simulation, folder, topology, ports ?? WorldPorts.Simulated);
        world.BuildSite();
        if (topology.Vault is { } vault) world.Azure = AzureSide.Create(simulation, Path.Combine(folder.Path, "azure"), vault);
        return world;
    }

    /// <summary>The second half, inside the simulation's run: Azure's network and link, and the vault over both sites on <see cref="Ports"/>.</summary>
    public async Task SetUpAsync()
    {
        if (_topology.Vault is { } vault) await BuildVaultAsync(vault);
        Origin = Simulation.Clock.Elapsed;
    }

    /// <summary>The ports the vault is built on (set before <see cref="SetUpAsync"/>): wrap or replace one here.</summary>
    public WorldPorts Ports { get; set; }

    public Simulation Simulation { get; }
    public RunFolder Folder { get; }
    public VSphereSite Site { get; }
    /// <summary>The simulated Azure, or null for a site without an Azure side.</summary>
    public AzureSide? Azure { get; private set; }
    public SiteRecoveryVault? Vault { get; private set; }
    /// <summary>The data guests write, from its own stream so other components' draws do not shift it.</summary>
    public ChoiceStream Guest { get; }
    /// <summary>The virtual time when the world was ready: the drill's time 0.</summary>
    public TimeSpan Origin { get; private set; }
    /// <summary>Virtual time since the drill's time 0.</summary>
    public TimeSpan Now => Simulation.Clock.Elapsed - Origin;
    public TimeSpan Since(DateTimeOffset time) => time - Simulation.Clock.Epoch - Origin;

    public IEnumerable<Machine> Machines => _machines.Values;
    /// <summary>A passphrase salt drawn from <paramref name="choices"/>: seeded, so a drill's database is the same on every run.</summary>
    public static byte[] Salt(ChoiceStream choices)
    {
        var salt = new byte[PassphraseHash.SaltBytes];
        choices.NextBytes(salt);
        return salt;
    }

    /// <summary>Where a named configuration server backup is kept (inside the run's folder).</summary>
    public string BackupPath(string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(Folder.Path, "backups")).FullName, BackupFileName(name));

    /// <summary>
    /// A backup's file name, one to one with its name so two backups never share a file: ASCII letters, digits and
    /// '-' are kept, every other character becomes '_' and its four hex digits ("a b" is a_0020b.db, "a-b" a-b.db).
    /// </summary>
    public static string BackupFileName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c.ToString() : $"_{(int)c:x4}")) + ".db";
    /// <summary>The step running now (1-based), for the records steps leave.</summary>
    public int CurrentStep { get; set; }
    /// <summary>Recovery plans created by the drill, with the machine names of each group.</summary>
    public Dictionary<string, (Engine.Orchestration.Plans.RecoveryPlan Plan, List<List<string>> Machines)> Plans { get; } = new(StringComparer.Ordinal);

    public Machine Machine(string name) =>
        _machines.TryGetValue(name, out var m) ? m
        : name.StartsWith('#') && _topology.Generated is not null ? MachineOf(Vm(name))
        : throw new KeyNotFoundException($"No machine '{name}' on the site.");

    /// <summary>The vault's id of a machine: refuses one the vault does not hold (a master target, or a site without Azure).</summary>
    public string ItemId(string name) => Machine(name).ItemId ?? throw new Steps.StepFailure("NotInVault", $"'{name}' is not in the vault; the vault holds the topology's VMs (not master targets) and physical servers.");

    public VirtualMachine Vm(string name)
    {
        if (name.StartsWith('#') && _topology.Generated is not null)
            return _generatedVms[int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture) - 1];
        // A deleted VM stays findable by name so expectations can say it is gone.
        return _vms.TryGetValue(name, out var vm) ? vm : throw new KeyNotFoundException($"No VM '{name}' on the site.");
    }

    /// <summary>
    /// The site VM a vSphere reference names, or null. Standalone hosts number their VMs each on their own, so
    /// among equal references the one named <paramref name="name"/> (failback names a new VM after its machine) wins.
    /// </summary>
    public VirtualMachine? FindVm(ManagedObjectReference moRef, string name)
    {
        VirtualMachine? found = null;
        foreach (var vm in Site.Vms)
            if (!vm.Removed && ManagerOf(vm.Host).MoRefOf(vm).Value == moRef.Value)
            {
                if (vm.Name == name) return vm;
                found ??= vm;
            }
        return found;
    }

    public HostSystem Host(string name) =>
        name.StartsWith('#') && _topology.Generated is not null
            ? Site.Hosts[int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture) - 1]
            : Site.Hosts.First(h => h.Name == name);

    public Datastore Datastore(string name) =>
        Site.Datastores.FirstOrDefault(d => d.Name == name) ?? throw new KeyNotFoundException($"No datastore '{name}' on the site; it has {string.Join(", ", Site.Datastores.Select(d => d.Name))}.");

    public ServiceInstance Server(string name) =>
        name.StartsWith("#vc", StringComparison.Ordinal) ? Site.VCenters.ElementAt(int.Parse(name[3..], System.Globalization.CultureInfo.InvariantCulture) - 1)
        : Site.Servers.First(s => s.Name == name);

    /// <summary>The server that manages a host: its vCenter, or the host's own agent when standalone.</summary>
    public static ServiceInstance ManagerOf(HostSystem host) => host.Datacenter?.Server ?? host.Agent;

    /// <summary>An administrator's session on the VM's managing server: how the harness acts as the site's operator.</summary>
    public async Task<IVSphereSession> AdminSessionAsync(ServiceInstance server)
    {
        var (user, password) = AdminOf(server);
        return await Site.LoginAsync(server.Name, user, password);
    }

    private (string User, string Password) AdminOf(ServiceInstance server) => server.IsVCenter
        ? ("administrator@vsphere.local", _topology.VCenters.FirstOrDefault(v => v.Name == server.Name)?.Password ?? Topology.Password)
        : ("root", server.AgentOf!.RootPassword);

    private Machine MachineOf(VirtualMachine vm)
    {
        if (!_machines.TryGetValue(vm.Name, out var machine)) _machines[vm.Name] = machine = new Machine(this, vm.Name, vm, null);
        return machine;
    }

    private void BuildSite()
    {
        if (_topology.Generated is { } spec)
        {
            InventoryGenerator.Generate(Site, spec);
            _generatedVms.AddRange(Site.Vms.OrderBy(v => v.Name.Split('-')[^1], StringComparer.Ordinal));
            foreach (var vm in Site.Vms) _vms[vm.Name] = vm;
            return;
        }
        var datacenters = new Dictionary<(string, string), Datacenter>();
        var clusters = new Dictionary<(string, string, string), ClusterComputeResource>();
        foreach (var vc in _topology.VCenters) Site.AddVCenter(vc.Name, vc.Password);
        foreach (var l in _topology.Licenses) Site.AddLicense(l.Key, l.Edition);
        foreach (var h in _topology.Hosts)
        {
            Datacenter? dc = null;
            if (h.VCenter is { } vcName && !datacenters.TryGetValue((vcName, h.Datacenter), out dc))
            {
                dc = Site.VCenters.First(v => v.Name == vcName).AddDatacenter(h.Datacenter);
                datacenters[(vcName, h.Datacenter)] = dc;
            }
            if (dc is not null && h.Cluster is { } clusterName)
            {
                if (!clusters.TryGetValue((h.VCenter!, h.Datacenter, clusterName), out var cluster))
                    clusters[(h.VCenter!, h.Datacenter, clusterName)] = cluster = dc.Server.AddCluster(dc, clusterName);
                Site.AddHost(h.Name, h.Ip, h.Version, h.Edition, Topology.Password, cluster: cluster, memoryBytes: h.MemoryBytes);
            }
            else
            {
                Site.AddHost(h.Name, h.Ip, h.Version, h.Edition, Topology.Password, dc, memoryBytes: h.MemoryBytes);
            }
        }
        foreach (var d in _topology.Datastores)
            Site.AddDatastore(d.Name, d.Type, d.Capacity, [.. d.Hosts.Select(Host)]);
        if (Site.Hosts.Count > 0) Site.AddNetwork("VM Network", [.. Site.Hosts]);
        foreach (var v in _topology.Vms)
        {
            var os = GuestOsCatalog.Find(v.GuestId);
            var masterTarget = _topology.Vault?.MasterTargets.FirstOrDefault(m => m.Vm == v.Name);
            var guest = GuestOf(v.Name, os, v.Ip) with { OsName = v.OsName ?? os.FullName, VmwareToolsEnabled = masterTarget?.ToolsRunning ?? true };
            var vm = Site.CreateVm(Host(v.Host), Datastore(v.Datastore), new VirtualMachineConfigSpec
            {
                Name = v.Name,
                GuestId = v.GuestId,
                MemoryMB = v.MemoryMB,
                MemoryReservationMB = v.MemoryReservationMB,
                NumCpu = v.NumCpu,
                ScsiController = masterTarget?.Controller,
                AddDisks = [.. v.Disks.Select(size => new VirtualDiskSpec(size))],
                AddNics = [new VirtualNicSpec("VM Network")],
                // PRE-7: a master target needs disk.EnableUUID=True (a drill may leave it out to see the refusal).
                ExtraConfig = masterTarget is { EnableUuid: true } ? new Dictionary<string, string> { ["disk.EnableUUID"] = "True" } : null,
            }, guest with { Packages = new HashSet<string>(guest.Packages.Concat(v.Packages), StringComparer.Ordinal) });
            if (v.PoweredOn) Site.SetPowerState(vm, VirtualMachinePowerState.PoweredOn);
            _vms[v.Name] = vm;
            _machines[v.Name] = new Machine(this, v.Name, vm, null);
        }
        foreach (var p in _topology.Physical)
        {
            var os = GuestOsCatalog.Find(p.GuestId);
            var guest = GuestOf(p.Name, os, p.Ip) with { VmwareToolsEnabled = false, OsName = p.OsName ?? os.FullName };
            var server = Site.AddPhysicalServer(p.Name, p.Ip, os.IsLinux ? "root" : "Administrator", Topology.Password, guest, [.. p.Disks]);
            _machines[p.Name] = new Machine(this, p.Name, null, server);
        }
        foreach (var a in _topology.Accounts)
        {
            var server = Server(a.Server);
            server.AddAccount(a.User, a.Password, RoleOf(server, a.Role));
        }
    }

    private static GuestState GuestOf(string name, GuestOsCatalog.GuestOs os, string ip) => new()
    {
        OsName = os.FullName,
        IsLinux = os.IsLinux,
        HostName = name,
        Nics = [new GuestNic(os.IsLinux ? "eth0" : "Ethernet0", AddressMode.Static, ip)],
        Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal),
    };

    /// <summary>
    /// Azure (network and link), the configuration server, the vault discovering the site's vCenter (or its
    /// first host), the process servers, the master targets, and every machine added to the vault (not yet protected).
    /// Discovery and registration run as the vault's jobs and take ASR's waits (the topology's durations), before time 0.
    /// </summary>
    private async Task BuildVaultAsync(VaultTopology t)
    {
        await Azure!.BuildNetworkAsync(Simulation.Clock);
        var network = Azure.Cloud.Network;
        network.RegisterHost(t.ConfigurationServer.Name, t.ConfigurationServer.Ip, VaultTopology.SiteName);
        foreach (var ps in t.ProcessServers.Where(p => !p.InAzure)) network.RegisterHost(ps.Name, ps.Ip!, VaultTopology.SiteName);
        foreach (var v in _topology.Vms) network.RegisterHost(v.Name, v.Ip, VaultTopology.SiteName);
        foreach (var p in _topology.Physical) network.RegisterHost(p.Name, p.Ip, VaultTopology.SiteName);

        var manager = Site.VCenters.FirstOrDefault() ?? Site.Hosts[0].Agent;
        var (user, password) = AdminOf(manager);
        Vault = new SiteRecoveryVault(Ports.VSphere(Site), Ports.Arm(Azure.Cloud), Ports.Blobs(Azure.Cloud.BlobStorage), Ports.Network(network), new VaultSettings
        {
            VCenterServer = manager.Name, VCenterUser = user, VCenterPassword = password,
            ConfigurationDatabasePath = Path.Combine(Folder.Path, "cs.db"), ConfigurationServerName = t.ConfigurationServer.Name,
            ConfigurationServerIp = t.ConfigurationServer.Ip, Passphrase = t.ConfigurationServer.Passphrase,
            PassphraseSalt = Salt(Simulation.Choices.Stream("passphrase-salt")),
            JournalDirectory = Path.Combine(Folder.Path, "journals"), SubscriptionId = Azure.Subscription,
            ResourceGroup = t.Azure.ResourceGroup, Location = t.Azure.Region, RecoveryNetwork = t.Azure.Network,
            Durations = t.Durations, DurationSeed = Simulation.Choices.Stream("asr-durations").NextUInt64(),
        }, Simulation.Clock, Ports.PhysicalServers(Site));
        await Vault.ConnectAsync();
        // The configuration server discovers the servers the topology lists, or every one that carries a VM.
        var discovered = t.Discovered ?? [.. _topology.Vms.Select(v => ManagerOf(Host(v.Host)).Name).Prepend(manager.Name).Distinct()];
        foreach (var server in discovered.Where(s => !Vault.DiscoveredServers.Contains(s)))
        {
            var (u, pw) = AdminOf(Server(server));
            await Vault.AddVCenterAsync(server, u, pw);
        }
        foreach (var ps in t.ProcessServers)
            if (ps.InAzure) await Vault.DeployProcessServerInAzureAsync(ps.Name, networkId: ps.Network is null ? null : Azure.NetworkId(ps.Network).ToString());
            else await Vault.AddProcessServerAsync(ps.Name, ps.Ip!);
        foreach (var mt in t.MasterTargets.Where(m => m.Registered && Vault.DiscoveredServers.Contains(ServerOf(m.Vm))))
            await AddMasterTargetAsync(mt.Vm);
        foreach (var v in _topology.Vms.Where(v => !t.HasMasterTarget(v.Name) && Vault.DiscoveredServers.Contains(ServerOf(v.Name))))
            _machines[v.Name].ItemId = (await Vault.AddVirtualMachineAsync(v.Name, ServerOf(v.Name), v.ReplicationGroup)).Id;
        foreach (var p in _topology.Physical)
        {
            var server = _machines[p.Name].Physical!;
            _machines[p.Name].ItemId = (await Vault.AddPhysicalServerAsync(server.IpAddress, server.UserName, server.Password)).Id;
        }
    }

    /// <summary>Whether the machine's on-premises disks are kept at each failover to Azure (an on-premises-disk expectation reads them).</summary>
    internal bool KeepsOnPremisesDisks(string machine) => _topology.OnPremisesDisksRead.Contains(machine);

    /// <summary>The vCenter (or standalone host) that manages a topology VM.</summary>
    public string ServerOf(string vm) => ManagerOf(Vm(vm).Host).Name;

    /// <summary>The vault's master targets, by VM name, as registered (a drill applies a Linux one's custom changes here).</summary>
    public Dictionary<string, MasterTarget> MasterTargets { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers the master target of the topology running in <paramref name="vm"/> with the configuration server.</summary>
    public async Task<MasterTarget> AddMasterTargetAsync(string vm)
    {
        var spec = _topology.Vault!.MasterTargets.First(m => m.Vm == vm);
        var mt = await Vault!.AddMasterTargetAsync(vm, spec.Volumes.Select(v => new VolumeInfo(v.Mount, v.FileSystem, v.Size, v.Locked, v.UsedFor)), spec.Retention, ServerOf(vm));
        MasterTargets[vm] = mt;
        return mt;
    }

    public static Role RoleOf(ServiceInstance server, string role) => role switch
    {
        "admin" => server.AdminRole,
        "read-only" => server.ReadOnlyRole,
        _ => server.NoAccessRole,
    };

    public void Dispose() => Vault?.Dispose();
}
