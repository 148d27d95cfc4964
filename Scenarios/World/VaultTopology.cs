using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Scenarios.World;

/// <summary>How the on-premises site reaches Azure: a site-to-site VPN, ExpressRoute, or nothing (ER-1).</summary>
public enum SiteLinkKind { Vpn, ExpressRoute, None }

/// <summary>
/// The Azure side and the vault of a scenario's topology: the recovery subscription, region, resource group
/// and virtual network; how the site reaches Azure; the configuration server; the process servers (on-premises
/// or deployed in Azure) and the master targets (VMs of the site). Every section has a default, so
/// <c>azure: {}</c> is a whole failback setup once a master target is named.
/// </summary>
public sealed class VaultTopology
{
    public const string SiteName = "onprem";
    public const string SitePrefix = "10.0.0.0/16";
    public const string VpnDeviceIp = "203.0.113.10";

    public sealed record AzureSpec(string? Subscription, string Region, string ResourceGroup, string Network, string AddressSpace, string Subnet,
        IReadOnlyList<NetworkSpec> Networks)
    {
        /// <summary>The recovery network and the other networks, by name.</summary>
        public IEnumerable<string> NetworkNames => Networks.Select(n => n.Name).Prepend(Network);

        public bool IsClassic(string network) => Networks.Any(n => n.Name == network && n.Classic);
    }
    /// <summary>Another virtual network of the recovery resource group: classic or Resource Manager, and whether the site link ends on it too.</summary>
    public sealed record NetworkSpec(string Name, bool Classic, bool SiteLink, string AddressSpace, string Subnet);
    public sealed record ConnectivitySpec(SiteLinkKind Link, bool MicrosoftPeering, bool Internet, bool LinkOnVmNetwork);
    public sealed record ConfigurationServerSpec(string Name, string Ip, string Passphrase);
    /// <summary>A process server: on-premises at <paramref name="Ip"/>, or in Azure in <paramref name="Network"/> (null: the recovery network).</summary>
    public sealed record ProcessServerSpec(string Name, string? Ip, bool InAzure, string? Network = null);
    public sealed record VolumeSpec(string Mount, string? FileSystem, long Size, bool Locked, string? UsedFor);
    public sealed record MasterTargetSpec(string Vm, IReadOnlyList<VolumeSpec> Volumes, string? Retention, bool EnableUuid, bool Registered = true)
    {
        /// <summary>Its VM's SCSI controller (MT-7: LSI Logic, never Paravirtual).</summary>
        public ScsiControllerType Controller { get; init; } = ScsiControllerType.LsiLogic;
        /// <summary>VMware Tools run in its guest (MT-8).</summary>
        public bool ToolsRunning { get; init; } = true;
    }

    public required AzureSpec Azure { get; init; }
    public required ConnectivitySpec Connectivity { get; init; }
    public required ConfigurationServerSpec ConfigurationServer { get; init; }
    public List<ProcessServerSpec> ProcessServers { get; } = [];
    public List<MasterTargetSpec> MasterTargets { get; } = [];
    /// <summary>The waits ASR makes (the drill's <c>durations:</c>): ASR's documented ones unless a drill or preset asks for instant.</summary>
    public AsrDurations Durations { get; set; } = AsrDurations.Asr;
    /// <summary>The vCenters and standalone hosts the configuration server discovers at setup; null: every server that carries a VM.</summary>
    public IReadOnlyList<string>? Discovered { get; private init; }

    public static readonly string[] Sections = Field.Names(TopologyFields.VaultSections);

    public static readonly IReadOnlyList<VolumeSpec> WindowsVolumes = [new("C:", "NTFS", 100L << 30, false, null), new("R:", "NTFS", 200L << 30, false, null)];
    /// <summary>A CentOS 6.6 minimal master target's partitions (MT-2) and its retention disk.</summary>
    public static readonly IReadOnlyList<VolumeSpec> LinuxVolumes =
    [
        new("/", "ext4", 50L << 30, false, null), new("/var/crash", "ext4", 20L << 30, false, null), new("/home", "ext4", 20L << 30, false, null),
        new("swap", "swap", 8L << 30, false, null), new("/mnt/retention", "ext4", 200L << 30, false, null),
    ];

    public bool HasProcessServer(string name) => ProcessServers.Any(p => p.Name == name);
    public bool HasMasterTarget(string name) => MasterTargets.Any(m => m.Vm == name);

    /// <summary>The defaults of every section: VPN, cs-01, an on-premises process server and one deployed in Azure.</summary>
    public static VaultTopology Default()
    {
        var t = new VaultTopology
        {
            Azure = new(null, "westeurope", "asr-recovery", "recovery-net", "10.1.0.0/16", "10.1.1.0/24", []),
            Connectivity = new(SiteLinkKind.Vpn, true, true, true),
            ConfigurationServer = new("cs-01", "10.0.9.5", "correct-horse-battery"),
        };
        t.ProcessServers.Add(new("ps-onprem", "10.0.9.6", false));
        t.ProcessServers.Add(new("ps-azure", null, true));
        return t;
    }

    /// <summary>Binds the sections present in <paramref name="map"/>; null when the topology has none (no Azure side).</summary>
    public static VaultTopology? Bind(MapNode map, Topology site)
    {
        if (!Sections.Any(map.Has)) return null;
        var d = Default();
        var azure = map.Optional("azure") is { } a ? BindAzure(a, d.Azure) : d.Azure;
        var link = map.Optional("connectivity") is { } c ? BindConnectivity(c) : d.Connectivity;
        var cs = d.ConfigurationServer;
        if (map.Optional("configuration-server") is { } csNode)
        {
            var m = csNode.AsMap(Field.Names(TopologyFields.ConfigurationServer));
            cs = new(m.Optional("name")?.AsString() ?? cs.Name, Address(m.Optional("ip")) ?? cs.Ip, m.Optional("passphrase")?.AsString() ?? cs.Passphrase);
        }
        var t = new VaultTopology
        {
            Azure = azure, Connectivity = link, ConfigurationServer = cs,
            Discovered = map.Optional("discovered") is { } disc ? [.. disc.AsListOrOne().Select(n => site.HasServer(n.AsString()) ? n.AsString()
                : throw n.Error($"unknown server '{n.AsString()}'; the topology's vCenters and hosts: {string.Join(", ", site.VCenters.Select(v => v.Name).Concat(site.Hosts.Select(h => h.Name)))}."))] : null,
        };
        if (map.Optional("process-servers") is { } psNode)
        {
            var ip = 6;
            foreach (var n in psNode.AsList())
            {
                var m = n.AsMap(Field.Names(TopologyFields.ProcessServer));
                var nameNode = m.Required("name");
                if (t.HasProcessServer(nameNode.AsString())) throw nameNode.Error($"process server '{nameNode.AsString()}' is listed twice.");
                var inAzure = m.Optional("location")?.AsEnum(("on-premises", false), ("azure", true)) ?? false;
                if (inAzure && m.Optional("ip") is { } ipNode) throw ipNode.Error("a process server in Azure takes its address from its Azure network; leave out 'ip'.");
                var network = m.Optional("network") is { } netNode
                    ? inAzure ? Network(netNode, azure) : throw netNode.Error("a process server on-premises is in no Azure network; set location: azure or leave out 'network'.")
                    : null;
                t.ProcessServers.Add(new(nameNode.AsString(), inAzure ? null : Address(m.Optional("ip")) ?? $"10.0.9.{ip++}", inAzure, network));
            }
        }
        else t.ProcessServers.AddRange(d.ProcessServers);
        foreach (var n in map.Optional("master-targets")?.AsList() ?? [])
        {
            var m = n.AsMap(Field.Names(TopologyFields.MasterTarget));
            var vmNode = m.Required("vm");
            var vm = vmNode.AsString();
            var spec = site.Vms.FirstOrDefault(v => v.Name == vm)
                ?? throw vmNode.Error($"unknown VM '{vm}' for a master target; a master target runs in one of the topology's VMs: {string.Join(", ", site.Vms.Select(v => v.Name))}.");
            if (t.HasMasterTarget(vm)) throw vmNode.Error($"VM '{vm}' is already a master target.");
            var linux = GuestOsCatalog.Find(spec.GuestId).IsLinux;
            var volumes = m.Optional("volumes") is { } vols ? [.. vols.AsList().Select(Volume)] : linux ? LinuxVolumes : WindowsVolumes;
            var retention = m.Optional("retention")?.AsString();
            t.MasterTargets.Add(new(vm, volumes, retention, m.Optional("enable-uuid")?.AsBool() ?? true, m.Optional("registered")?.AsBool() ?? true)
            {
                Controller = m.Optional("controller")?.AsEnum(TopologyFields.Controllers) ?? ScsiControllerType.LsiLogic,
                ToolsRunning = m.Optional("tools")?.AsEnum(("running", true), ("not-running", false)) ?? true,
            });
        }
        return t;
    }

    private static AzureSpec BindAzure(Node node, AzureSpec d)
    {
        var m = node.AsMap(Field.Names(TopologyFields.Azure));
        var region = m.Optional("region") is { } r ? r.AsEnum(("westeurope", "westeurope"), ("northeurope", "northeurope"), ("eastus", "eastus")) : d.Region;
        var recovery = m.Optional("network")?.AsString() ?? d.Network;
        var networks = new List<NetworkSpec>();
        foreach (var n in m.Optional("networks")?.AsList() ?? [])
        {
            var nm = n.AsMap(Field.Names(TopologyFields.Network));
            var nameNode = nm.Required("name");
            var name = nameNode.AsString();
            if (name == recovery || name == recovery + "-test" || name == "other-net" || networks.Any(x => x.Name == name))
                throw nameNode.Error($"network name '{name}' is taken (the recovery network '{recovery}', its test network '{recovery}-test', 'other-net' of on-vm-network: false, or listed twice); give another name.");
            var classic = nm.Optional("model")?.AsEnum(("resource-manager", false), ("classic", true)) ?? false;
            var linkNode = nm.Optional("site-link");
            var link = linkNode?.AsBool() ?? false;
            if (classic && link) throw linkNode!.Error("a classic network takes no Resource Manager gateway, so the site link cannot end on it; leave out site-link or make it resource-manager.");
            // Address spaces 10.10.0.0/16 upwards: apart from the site (10.0/16), the recovery network's default (10.1/16) and other-net (10.2/16).
            var octet = 10 + networks.Count;
            networks.Add(new(name, classic, link, $"10.{octet}.0.0/16", $"10.{octet}.1.0/24"));
        }
        return new(m.Optional("subscription")?.AsString(), region, m.Optional("resource-group")?.AsString() ?? d.ResourceGroup,
            recovery, m.Optional("address-space")?.AsString() ?? d.AddressSpace, m.Optional("subnet")?.AsString() ?? d.Subnet, networks);
    }

    /// <summary>A network of the azure section: the recovery network or one of <c>networks</c>.</summary>
    internal static string Network(Node node, AzureSpec azure)
    {
        var name = node.AsString();
        return azure.NetworkNames.Contains(name) ? name
            : throw node.Error($"unknown Azure network '{name}'; the azure section's networks: {string.Join(", ", azure.NetworkNames)} (more are listed under azure: networks).");
    }

    private static ConnectivitySpec BindConnectivity(Node node)
    {
        var m = node.AsMap(Field.Names(TopologyFields.Connectivity));
        var link = m.Optional("link")?.AsEnum(("vpn", SiteLinkKind.Vpn), ("expressroute", SiteLinkKind.ExpressRoute), ("none", SiteLinkKind.None)) ?? SiteLinkKind.Vpn;
        var peering = m.Optional("microsoft-peering");
        if (peering is not null && link != SiteLinkKind.ExpressRoute) throw peering.Error("microsoft-peering is a property of an ExpressRoute circuit; set link: expressroute.");
        return new(link, peering?.AsBool() ?? true, m.Optional("internet")?.AsBool() ?? true, m.Optional("on-vm-network")?.AsBool() ?? true);
    }

    private static VolumeSpec Volume(Node node)
    {
        var m = node.AsMap(Field.Names(TopologyFields.Volume));
        var fs = m.Optional("fs")?.AsString();
        return new(m.Required("mount").AsString(), fs is "none" or "" ? null : fs, m.Optional("size")?.AsSize() ?? 100L << 30,
            m.Optional("locked")?.AsBool() ?? false, m.Optional("used-for")?.AsString());
    }

    private static string? Address(Node? node)
    {
        if (node is null) return null;
        var text = node.AsString();
        var parts = text.Split('.');
        return parts.Length == 4 && parts[0] == "10" && parts[1] == "0" && parts.Skip(2).All(p => byte.TryParse(p, out _))
            ? text : throw node.Error($"'{text}' is not an address of the on-premises site ({SitePrefix}).");
    }
}
