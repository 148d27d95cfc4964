using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter;
using Failback.Simulators.VCenter.Generator;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Scenarios.World;

/// <summary>
/// Everything one run acts on: the kernel, the simulated on-premises site built from the topology
/// inside the run's folder, and the ground truth of every guest write. Steps and expectations find
/// objects here by the names the scenario uses.
/// </summary>
public sealed class DrillWorld
{
    private readonly Topology _topology;
    private readonly Dictionary<string, GuestDisk> _recorded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Engine.Ports.IBlockDevice> _truthDevices = new(StringComparer.Ordinal);

    public DrillWorld(Simulation simulation, RunFolder folder, Topology topology)
    {
        Simulation = simulation;
        Folder = folder;
        _topology = topology;
        Site = new VSphereSite(simulation, new VSphereSiteOptions { RootDirectory = Path.Combine(folder.Path, "onprem") });
        Truth = new GroundTruth(simulation.Clock);
        Guest = simulation.Choices.Stream("guest");
        Build();
    }

    public Simulation Simulation { get; }
    public RunFolder Folder { get; }
    public VSphereSite Site { get; }
    public GroundTruth Truth { get; }
    /// <summary>The data guests write, from its own stream so other components' draws do not shift it.</summary>
    public ChoiceStream Guest { get; }

    public VirtualMachine Vm(string name)
    {
        if (name.StartsWith('#') && _topology.Generated is not null)
            return _generatedVms[int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture) - 1];
        // A deleted VM stays findable by name so expectations can say it is gone.
        return _vms.TryGetValue(name, out var vm) ? vm : throw new KeyNotFoundException($"No VM '{name}' on the site.");
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
        var user = server.IsVCenter ? "administrator@vsphere.local" : "root";
        var password = server.IsVCenter
            ? _topology.VCenters.FirstOrDefault(v => v.Name == server.Name)?.Password ?? Topology.Password
            : server.AgentOf!.RootPassword;
        return await Site.LoginAsync(server.Name, user, password);
    }

    /// <summary>The guest's view of a VM disk, recorded by the ground truth from the first time it is used.</summary>
    public Engine.Ports.IBlockDevice GuestDevice(VirtualMachine vm, int disk)
    {
        if (disk < 0 || disk >= vm.Disks.Count) throw new InvalidOperationException($"VM '{vm.Name}' has {vm.Disks.Count} disk(s), numbered from 0; there is no disk {disk}.");
        var guest = new GuestDisk(vm, disk);
        if (!_truthDevices.TryGetValue(guest.Id, out var device))
        {
            device = Truth.Record(guest.Id, guest);
            _truthDevices[guest.Id] = device;
            _recorded[guest.Id] = guest;
        }
        return device;
    }

    /// <summary>Disks the ground truth records, by id (<c>vm/diskN</c>).</summary>
    public IReadOnlyDictionary<string, GuestDisk> RecordedDisks => _recorded;

    private readonly Dictionary<string, VirtualMachine> _vms = new(StringComparer.Ordinal);
    private readonly List<VirtualMachine> _generatedVms = [];

    private void Build()
    {
        if (_topology.Generated is { } spec)
        {
            InventoryGenerator.Generate(Site, spec);
            _generatedVms.AddRange(Site.Vms.OrderBy(v => v.Name.Split('-')[^1], StringComparer.Ordinal));
            foreach (var vm in Site.Vms) _vms[vm.Name] = vm;
            return;
        }
        var datacenters = new Dictionary<(string, string), Datacenter>();
        foreach (var vc in _topology.VCenters) Site.AddVCenter(vc.Name, vc.Password);
        foreach (var h in _topology.Hosts)
        {
            Datacenter? dc = null;
            if (h.VCenter is { } vcName && !datacenters.TryGetValue((vcName, h.Datacenter), out dc))
            {
                dc = Site.VCenters.First(v => v.Name == vcName).AddDatacenter(h.Datacenter);
                datacenters[(vcName, h.Datacenter)] = dc;
            }
            Site.AddHost(h.Name, h.Ip, h.Version, h.Edition, Topology.Password, dc);
        }
        foreach (var d in _topology.Datastores)
            Site.AddDatastore(d.Name, d.Type, d.Capacity, [.. d.Hosts.Select(Host)]);
        if (Site.Hosts.Count > 0) Site.AddNetwork("VM Network", [.. Site.Hosts]);
        foreach (var v in _topology.Vms)
        {
            var os = GuestOsCatalog.Find(v.GuestId);
            var vm = Site.CreateVm(Host(v.Host), Datastore(v.Datastore), new VirtualMachineConfigSpec
            {
                Name = v.Name,
                GuestId = v.GuestId,
                AddDisks = [.. v.Disks.Select(size => new VirtualDiskSpec(size))],
                AddNics = [new VirtualNicSpec("VM Network")],
            }, new GuestState
            {
                OsName = os.FullName,
                IsLinux = os.IsLinux,
                HostName = v.Name,
                Nics = [new GuestNic(os.IsLinux ? "eth0" : "Ethernet0", AddressMode.Static, $"10.1.0.{_vms.Count + 10}")],
                Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal),
            });
            if (v.PoweredOn) Site.SetPowerState(vm, VirtualMachinePowerState.PoweredOn);
            _vms[v.Name] = vm;
        }
        foreach (var p in _topology.Physical)
        {
            var os = GuestOsCatalog.Find(p.GuestId);
            Site.AddPhysicalServer(p.Name, p.Ip, os.IsLinux ? "root" : "Administrator", Topology.Password, new GuestState
            {
                OsName = os.FullName,
                IsLinux = os.IsLinux,
                HostName = p.Name,
                Nics = [new GuestNic(os.IsLinux ? "eth0" : "Ethernet0", AddressMode.Static, p.Ip)],
                Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal),
                VmwareToolsEnabled = false,
            }, [.. p.Disks]);
        }
        foreach (var a in _topology.Accounts)
        {
            var server = Server(a.Server);
            server.AddAccount(a.User, a.Password, RoleOf(server, a.Role));
        }
    }

    public static Role RoleOf(ServiceInstance server, string role) => role switch
    {
        "admin" => server.AdminRole,
        "read-only" => server.ReadOnlyRole,
        _ => server.NoAccessRole,
    };
}
