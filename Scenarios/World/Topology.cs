using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Simulators.VCenter.Generator;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Tasks;

namespace Failback.Scenarios.World;

/// <summary>
/// What a scenario's <c>topology</c> asks for, checked before anything is built: either explicit
/// (vCenters, hosts, datastores, VMs, physical servers, accounts) or generated from counts by the
/// vCenter simulator's generator. It knows every name steps may refer to.
/// </summary>
public sealed class Topology
{
    public const string Password = "VMware1!";

    public sealed record VCenterSpec(string Name, string Password);
    public sealed record HostSpec(string Name, string Ip, string Version, LicenseEdition Edition, string? VCenter, string Datacenter)
    {
        /// <summary>The cluster of the datacenter the host joins; null: directly in the datacenter.</summary>
        public string? Cluster { get; init; }
        public long MemoryBytes { get; init; } = 128L << 30;
    }
    public sealed record DatastoreSpec(string Name, DatastoreType Type, long Capacity, IReadOnlyList<string> Hosts);
    public sealed record VmSpec(string Name, string Host, string Datastore, string GuestId, IReadOnlyList<long> Disks, bool PoweredOn, string Ip, string? ReplicationGroup, int MemoryMB)
    {
        /// <summary>Packages installed in the guest beyond its OS's own.</summary>
        public IReadOnlyList<string> Packages { get; init; } = [];
        /// <summary>Virtual CPUs; null: the simulator's default.</summary>
        public int? NumCpu { get; init; }
        /// <summary>The guest's own name for its OS; null: the guest id's full name.</summary>
        public string? OsName { get; init; }
        /// <summary>Memory the host guarantees the VM (0: none).</summary>
        public int MemoryReservationMB { get; init; }
    }
    public sealed record PhysicalSpec(string Name, string Ip, string GuestId, IReadOnlyList<long> Disks, string? OsName);
    public sealed record AccountSpec(string Server, string User, string Password, string Role);
    /// <summary>A licence key the site holds, for a host to be assigned later (TS-4).</summary>
    public sealed record LicenseSpec(string Key, LicenseEdition Edition);

    public List<VCenterSpec> VCenters { get; } = [];
    public List<HostSpec> Hosts { get; } = [];
    public List<DatastoreSpec> Datastores { get; } = [];
    public List<VmSpec> Vms { get; } = [];
    public List<PhysicalSpec> Physical { get; } = [];
    public List<AccountSpec> Accounts { get; } = [];
    public List<LicenseSpec> Licenses { get; } = [];
    /// <summary>The simulated vCenter's task latencies; null: its defaults.</summary>
    public VCenterLatency? Latency { get; init; }
    /// <summary>The Azure side and the vault, or null for a site without them.</summary>
    public VaultTopology? Vault { get; set; }

    /// <summary>What the drill's steps define as they are bound (plans, backups, deployed process servers, port blocks).</summary>
    internal Steps.StepNames Defined { get; } = new();
    /// <summary>The machines whose on-premises disks an on-premises-disk expectation reads (kept at each failover to Azure).</summary>
    internal HashSet<string> OnPremisesDisksRead { get; } = new(StringComparer.Ordinal);
    /// <summary>Counts for the generator, or null for an explicit topology.</summary>
    public InventorySpec? Generated { get; private set; }

    /// <summary>Names steps may use for VMs: explicit names, or <c>#N</c> for the N-th generated VM.</summary>
    public bool HasVm(string name) => Generated is { } g
        ? name.StartsWith('#') && int.TryParse(name[1..], out var n) && n >= 1 && n <= g.Vms
        : Vms.Any(v => v.Name == name);

    public bool HasHost(string name) => Generated is { } g
        ? name.StartsWith('#') && int.TryParse(name[1..], out var n) && n >= 1 && n <= g.VCenters * g.DatacentersPerVCenter * g.ClustersPerDatacenter * g.HostsPerCluster + g.StandaloneHosts
        : Hosts.Any(h => h.Name == name);

    /// <summary>A machine the vault can protect: a VM that is not a master target, or a physical server.</summary>
    public bool HasMachine(string name) => (HasVm(name) && Vault?.HasMasterTarget(name) != true) || Physical.Any(p => p.Name == name);

    public bool HasDatastore(string name) => Generated is not null || Datastores.Any(d => d.Name == name);
    public bool HasServer(string name) => VCenters.Any(v => v.Name == name) || Hosts.Any(h => h.Name == name) || (Generated is not null && name.StartsWith('#'));

    public static Topology Bind(Node? node)
    {
        if (node is null) return Minimal();
        var t = new Topology();
        var map = node.AsMap(["generate", .. Field.Names(TopologyFields.Explicit)]);
        if (map.Optional("generate") is { } generate)
        {
            if (map.Entries.Count > 1) throw map.Entries.First(e => e.Key != "generate").KeyNode.Error("a generated topology takes no explicit objects and no Azure side; use either 'generate' or the explicit lists.");
            t.Generated = Generate(generate);
            t.VCenters.AddRange(Enumerable.Range(1, t.Generated.VCenters).Select(i => new VCenterSpec($"#vc{i}", Password)));
            return t;
        }
        foreach (var n in map.Optional("vcenters")?.AsList() ?? [])
        {
            var m = n.AsMap(Field.Names(TopologyFields.VCenter));
            t.VCenters.Add(new(Unique(m.Required("name"), t.VCenters.Select(v => v.Name)), m.Optional("password")?.AsString() ?? Password));
        }
        var ip = 10;
        foreach (var n in map.Required("hosts").AsList())
        {
            var m = n.AsMap(Field.Names(TopologyFields.Host));
            var name = Unique(m.Required("name"), t.Hosts.Select(h => h.Name));
            var version = m.Optional("version") is { } v ? OneOf(v, EsxiBuilds.Versions) : "6.7.0";
            var edition = m.Optional("edition")?.AsEnum(Editions) ?? LicenseEdition.Evaluation;
            var vc = m.Optional("vcenter") is { } vcNode ? Known(vcNode, t.VCenters.Select(x => x.Name), "vCenter") : null;
            t.Hosts.Add(new(name, m.Optional("ip")?.AsString() ?? $"10.0.0.{++ip}", version, edition, vc, m.Optional("datacenter")?.AsString() ?? "DC0")
            {
                MemoryBytes = m.Optional("memory") is { } hostMemory ? WholeMiB(hostMemory, "memory must be a whole number of MiB, e.g. 64GiB.") : 128L << 30,
            });
        }
        foreach (var n in map.Required("datastores").AsList())
        {
            var m = n.AsMap(Field.Names(TopologyFields.Datastore));
            var name = Unique(DatastoreName(m.Required("name")), t.Datastores.Select(d => d.Name));
            var type = m.Optional("type")?.AsEnum(("vmfs", DatastoreType.Vmfs), ("nfs", DatastoreType.Nfs), ("nfs41", DatastoreType.Nfs41), ("vsan", DatastoreType.Vsan)) ?? DatastoreType.Vmfs;
            var hosts = m.Required("hosts").AsListOrOne().Select(h => Known(h, t.Hosts.Select(x => x.Name), "host")).ToList();
            t.Datastores.Add(new(name, type, m.Optional("capacity")?.AsSize() ?? 1L << 40, hosts));
        }
        foreach (var n in map.Optional("vms")?.AsList() ?? [])
        {
            var m = n.AsMap(Field.Names(TopologyFields.Vm));
            var name = Unique(VmName(m.Required("name")), t.Vms.Select(v => v.Name));
            var host = Known(m.Required("host"), t.Hosts.Select(x => x.Name), "host");
            var dsNode = m.Required("datastore");
            var ds = Known(dsNode, t.Datastores.Select(x => x.Name), "datastore");
            if (!t.Datastores.First(d => d.Name == ds).Hosts.Contains(host)) throw dsNode.Error($"datastore '{ds}' is not mounted on host '{host}'.");
            var os = m.Optional("os") is { } osNode ? OneOf(osNode, GuestOsCatalog.All.Select(g => g.GuestId)) : "windows9Server64Guest";
            var memory = m.Optional("memory") is { } mem ? mem.AsSize() : 4L << 30;
            if (memory < 1L << 20 || memory % (1L << 20) != 0) throw m.Required("memory").Error("memory must be a whole number of MiB, e.g. 4GiB.");
            var reservation = m.Optional("memory-reservation") is { } r ? WholeMiB(r, "memory-reservation must be a whole number of MiB, e.g. 2GiB.") : 0;
            if (reservation > memory) throw m.Required("memory-reservation").Error($"memory-reservation ({reservation >> 20} MiB) is more than the VM's memory ({memory >> 20} MiB).");
            var hostMemory = t.Hosts.First(h => h.Name == host).MemoryBytes;
            if (memory > hostMemory) throw (m.Optional("memory") ?? m.Required("name")).Error($"memory ({memory >> 20} MiB) is more than host '{host}' has ({hostMemory >> 20} MiB).");
            t.Vms.Add(new(name, host, ds, os, Disks(m.Optional("disks")), m.Optional("power")?.AsEnum(("on", true), ("off", false)) ?? true,
                m.Optional("ip")?.AsString() ?? $"10.0.5.{t.Vms.Count + 10}", m.Optional("replication-group")?.AsString(), (int)(memory >> 20))
            {
                Packages = [.. (m.Optional("packages")?.AsListOrOne() ?? []).Select(x => x.AsString())],
                MemoryReservationMB = (int)(reservation >> 20),
            });
        }
        foreach (var n in map.Optional("physical")?.AsList() ?? [])
        {
            var m = n.AsMap(Field.Names(TopologyFields.Physical));
            var name = Unique(m.Required("name"), t.Physical.Select(p => p.Name));
            var os = m.Optional("os") is { } osNode ? OneOf(osNode, GuestOsCatalog.All.Select(g => g.GuestId)) : "windows9Server64Guest";
            t.Physical.Add(new(name, m.Optional("ip")?.AsString() ?? $"10.0.1.{t.Physical.Count + 10}", os, Disks(m.Optional("disks")), m.Optional("os-name")?.AsString()));
        }
        foreach (var n in map.Optional("accounts")?.AsList() ?? [])
        {
            var m = n.AsMap(Field.Names(TopologyFields.Account));
            var server = m.Required("server");
            if (!t.HasServer(server.AsString())) throw server.Error($"unknown server '{server.AsString()}'; servers are the topology's vCenters and hosts: {string.Join(", ", t.VCenters.Select(v => v.Name).Concat(t.Hosts.Select(h => h.Name)))}.");
            t.Accounts.Add(new(server.AsString(), m.Required("user").AsString(), m.Optional("password")?.AsString() ?? Password, Role(m.Required("role"))));
        }
        t.Vault = VaultTopology.Bind(map, t);
        return t;
    }

    /// <summary>
    /// The preset of a scenario without a topology, the smallest whole failback setup: one vCenter, one host, one
    /// datastore, a powered-on VM with a 64 MiB disk, a master target VM, and the Azure side with its defaults
    /// (VPN, cs-01, ps-onprem, ps-azure).
    /// </summary>
    public static Topology Minimal()
    {
        var t = new Topology();
        t.VCenters.Add(new("vcsa-01.lab.local", Password));
        t.Hosts.Add(new("esxi-01.lab.local", "10.0.0.11", "6.7.0", LicenseEdition.Evaluation, "vcsa-01.lab.local", "DC0"));
        t.Datastores.Add(new("DS1", DatastoreType.Vmfs, 1L << 40, ["esxi-01.lab.local"]));
        t.Vms.Add(new("app-01", "esxi-01.lab.local", "DS1", "windows9Server64Guest", [64L << 20], true, "10.0.5.10", null, 4096));
        t.Vms.Add(new("mt-01", "esxi-01.lab.local", "DS1", "windows9Server64Guest", [1L << 20], true, "10.0.5.11", null, 8192));
        t.Vault = VaultTopology.Default();
        t.Vault.MasterTargets.Add(new("mt-01", VaultTopology.WindowsVolumes, "R:", true));
        return t;
    }

    /// <summary>
    /// The preset of the engine's whole-cycle tests: vCenter vc1.corp.local (cluster C1: esxi-01 with ds1, esxi-02
    /// with ds1 and ds2) with a read-only account and a free licence key to assign, a Windows master target mt-01 on
    /// esxi-01, a CentOS app VM app-01 with one 4 MiB disk on esxi-02; the Azure side's defaults, joined by a
    /// site-to-site VPN or (<paramref name="vpn"/> false) by nothing yet. vCenter tasks take no time, and neither do ASR's
    /// waits (<see cref="AsrDurations.Instant"/>): the engine's tests are about what happens, not how long it takes.
    /// </summary>
    public static Topology Cycle(bool vpn = true)
    {
        const string vc = "vc1.corp.local", esxi1 = "esxi-01.corp.local", esxi2 = "esxi-02.corp.local";
        var t = new Topology { Latency = VCenterLatency.None };
        t.VCenters.Add(new(vc, Password));
        t.Accounts.Add(new(vc, "readonly@vsphere.local", Password, "read-only"));
        t.Licenses.Add(new("FREE-2222", LicenseEdition.Free));
        t.Hosts.Add(new(esxi1, "10.0.0.11", "7.0.0", LicenseEdition.Enterprise, vc, "DC1") { Cluster = "C1", MemoryBytes = 64L << 30 });
        t.Hosts.Add(new(esxi2, "10.0.0.12", "7.0.0", LicenseEdition.Enterprise, vc, "DC1") { Cluster = "C1", MemoryBytes = 64L << 30 });
        t.Datastores.Add(new("ds1", DatastoreType.Vmfs, 1L << 30, [esxi1, esxi2]));
        t.Datastores.Add(new("ds2", DatastoreType.Vmfs, 1L << 30, [esxi2]));
        t.Vms.Add(new("mt-01", esxi1, "ds1", "windows9Server64Guest", [4L << 20], true, "10.0.0.50", null, 8192) { NumCpu = 4, OsName = "Windows Server 2012 R2" });
        t.Vms.Add(new("app-01", esxi2, "ds1", "centos7_64Guest", [4L << 20], true, "10.0.5.20", null, 2048)
        {
            NumCpu = 2, OsName = "CentOS 7.9", Packages = ["NetworkManager", "httpd"],
        });
        var d = VaultTopology.Default();
        t.Vault = new VaultTopology
        {
            Azure = d.Azure, ConfigurationServer = d.ConfigurationServer,
            Connectivity = d.Connectivity with { Link = vpn ? SiteLinkKind.Vpn : SiteLinkKind.None },
            Durations = AsrDurations.Instant,
        };
        t.Vault.ProcessServers.AddRange(d.ProcessServers);
        t.Vault.MasterTargets.Add(new("mt-01", VaultTopology.WindowsVolumes, "R:", true));
        return t;
    }

    private static long WholeMiB(Node node, string message)
    {
        var bytes = node.AsSize();
        return bytes < 1L << 20 || bytes % (1L << 20) != 0 ? throw node.Error(message) : bytes;
    }

    public static readonly (string, LicenseEdition)[] Editions =
        [("free", LicenseEdition.Free), ("evaluation", LicenseEdition.Evaluation), ("standard", LicenseEdition.Standard), ("enterprise", LicenseEdition.Enterprise), ("enterprise-plus", LicenseEdition.EnterprisePlus)];

    public static readonly string[] Roles = ["admin", "read-only", "no-access"];

    public static string Role(Node node) => node.AsEnum([.. Roles.Select(r => (r, r))]);

    private static InventorySpec Generate(Node node)
    {
        var m = node.AsMap(Field.Names(TopologyFields.Generate));
        var spec = new InventorySpec
        {
            VCenters = m.Optional("vcenters")?.AsInt(1, 8) ?? 1,
            ClustersPerDatacenter = m.Optional("clusters")?.AsInt(1, 16) ?? 1,
            HostsPerCluster = m.Optional("hosts-per-cluster")?.AsInt(1, 64) ?? 2,
            StandaloneHosts = m.Optional("standalone-hosts")?.AsInt(0, 64) ?? 0,
            DatastoresPerCluster = m.Optional("datastores-per-cluster")?.AsInt(1, 16) ?? 1,
            Vms = m.Optional("vms")?.AsInt(0, 1000) ?? 4,
            DisksPerVm = m.Optional("disks-per-vm")?.AsInt(1, 8) ?? 1,
            DiskCapacity = m.Optional("disk-size") is { } s ? DiskSize(s) : 64L << 20,
            PhysicalServers = m.Optional("physical-servers")?.AsInt(0, 100) ?? 0,
            PhysicalDiskCapacity = 64L << 20,
            Password = Password,
        };
        return spec;
    }

    private static List<long> Disks(Node? node) => node is null ? [64L << 20] : [.. node.AsListOrOne().Select(DiskSize)];

    /// <summary>Ground truth keeps every disk in memory, so scenario disks stay small.</summary>
    private static long DiskSize(Node node)
    {
        var size = node.AsSize();
        return size is >= 1L << 20 and <= 1L << 30 && size % (1L << 20) == 0
            ? size : throw node.Error($"{node.Path} must be a whole number of MiB between 1MiB and 1GiB, not '{node.AsString()}'.");
    }

    /// <summary>A name vSphere accepts for a VM: 1 to 80 characters, no slashes, brackets or % (as the simulated vCenter checks).</summary>
    public static Node VmName(Node node)
    {
        var name = node.AsString();
        return string.IsNullOrWhiteSpace(name) || name.Length > 80 || name.IndexOfAny(['/', '\\', '[', ']', '%']) >= 0
            ? throw node.Error($"'{name}' is not a valid virtual machine name (1 to 80 characters, no slashes, brackets or %).")
            : node;
    }

    /// <summary>A name the simulated site accepts for a datastore (it is a folder of the site): no slashes or brackets.</summary>
    private static Node DatastoreName(Node node)
    {
        var name = node.AsString();
        return string.IsNullOrWhiteSpace(name) || name.Length > 80 || name.IndexOfAny(['/', '\\', '[', ']']) >= 0 || name is "." or ".."
            ? throw node.Error($"'{name}' is not a valid datastore name (1 to 80 characters, no slashes or brackets).")
            : node;
    }

    private static string Unique(Node node, IEnumerable<string> taken)
    {
        var name = node.AsString();
        return taken.Contains(name, StringComparer.OrdinalIgnoreCase) ? throw node.Error($"'{name}' is already used by another object of the topology.") : name;
    }

    private static string Known(Node node, IEnumerable<string> names, string what)
    {
        var name = node.AsString();
        var list = names.ToList();
        return list.Contains(name) ? name : throw node.Error($"unknown {what} '{name}'; the topology has: {(list.Count == 0 ? "none" : string.Join(", ", list))}.");
    }

    private static string OneOf(Node node, IEnumerable<string> allowed)
    {
        var text = node.AsString();
        var list = allowed.ToList();
        return list.Contains(text) ? text : throw node.Error($"{node.Path} must be one of {string.Join(", ", list)}, not '{text}'.");
    }
}
