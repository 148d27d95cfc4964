using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.World;

/// <summary>
/// The simulated Azure of a drill: the recovery resource group and virtual network, and the link from the
/// on-premises site (a site-to-site VPN or an ExpressRoute circuit with private and, optionally, Microsoft
/// peering), built through ARM as an engineer would; the topology's other networks (classic or Resource Manager), the
/// link ending on those that ask for it too. Links are named for break-link and heal-link.
/// </summary>
public sealed class AzureSide
{
    public const string VpnConnection = "s2s", Circuit = "er-circuit";

    private AzureSide(AzureCloud cloud, VaultTopology topology)
    {
        Cloud = cloud;
        Topology = topology;
    }

    public AzureCloud Cloud { get; }
    public VaultTopology Topology { get; }
    public string Subscription => Cloud.Options.SubscriptionId;

    /// <summary>Link names as the network and fault rules call them, by the names scenarios use.</summary>
    public static IReadOnlyDictionary<string, string> Links { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["vpn"] = $"vpn:{VpnConnection}",
        ["expressroute"] = $"er:{Circuit}/private",
        ["microsoft-peering"] = $"er:{Circuit}/microsoft",
        ["internet"] = $"internet:{VaultTopology.SiteName}",
    };

    /// <summary>The simulated Azure with the on-premises site known to its network; nothing is created in it yet.</summary>
    public static AzureSide Create(Simulation sim, string root, VaultTopology topology)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(topology);
        var a = topology.Azure;
        var cloud = new AzureCloud(sim, new AzureOptions
        {
            StorageRoot = root,
            SubscriptionId = a.Subscription ?? new AzureOptions { StorageRoot = root }.SubscriptionId,
            // Drill disks are small: Azure's 20 MiB upload minimum would dwarf them.
            MinimumUploadBytes = (1L << 20) + 512,
            ImageOsDiskBytes = 4L << 20,
        });
        var link = topology.Connectivity;
        cloud.Network.AddSite(new OnPremisesSite(VaultTopology.SiteName, [VaultTopology.SitePrefix], VaultTopology.VpnDeviceIp)
        {
            InternetMbps = link.Internet ? 1000 : null,
        });
        return new AzureSide(cloud, topology);
    }

    /// <summary>The recovery resource group and network, and the topology's link to them, built through ARM.</summary>
    public async Task BuildNetworkAsync(TimeProvider t)
    {
        var a = Topology.Azure;
        var sub = Subscription;
        await Cloud.CreateOrUpdateAsync(ResourceId.Group(sub, a.ResourceGroup), new ResourceGroup { Location = a.Region }, t);
        var vnet = await Network(a.Network, a.AddressSpace, a.Subnet, t);
        var linked = new List<(string Suffix, VirtualNetwork Net)>();
        foreach (var n in a.Networks)
        {
            var net = await Network(n.Name, n.AddressSpace, n.Subnet, t, n.Classic ? DeploymentModel.Classic : DeploymentModel.ResourceManager);
            if (n.SiteLink) linked.Add(("-" + n.Name, net));
        }
        var link = Topology.Connectivity;
        if (link.Link == SiteLinkKind.None) return;
        // ER-2: a circuit connected to another network than the failed-over VMs' does not serve them.
        var gatewayNet = link.LinkOnVmNetwork ? vnet : await Network("other-net", "10.2.0.0/16", "10.2.1.0/24", t);
        linked.Insert(0, ("", gatewayNet));
        if (link.Link == SiteLinkKind.Vpn)
        {
            foreach (var (suffix, net) in linked) await AddVpnAsync(net, "vpn-gw" + suffix, VpnConnection + suffix, "drill-shared-key", t);
            return;
        }
        var peerings = link.MicrosoftPeering ? [PeeringType.AzurePrivatePeering, PeeringType.MicrosoftPeering] : new[] { PeeringType.AzurePrivatePeering };
        var circuit = await AddExpressRouteAsync(gatewayNet, Circuit, "er-gw", "er-connection", peerings, t);
        // One circuit serves every network listed with a site link, each through its own gateway.
        foreach (var (suffix, net) in linked.Skip(1)) await ConnectCircuitAsync(circuit, net, "er-gw" + suffix, "er-connection" + suffix, t);
    }

    /// <summary>A site-to-site VPN from the on-premises site to <paramref name="vnet"/>: its gateway, the site's local gateway and the connection.</summary>
    public async Task AddVpnAsync(VirtualNetwork vnet, string gatewayName, string connectionName, string sharedKey, TimeProvider t)
    {
        ArgumentNullException.ThrowIfNull(vnet);
        var a = Topology.Azure;
        var gateway = await Cloud.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(Subscription, a.ResourceGroup, gatewayName),
            new VirtualNetworkGateway { Location = a.Region, VirtualNetworkId = vnet.Id, GatewayType = GatewayType.Vpn, Sku = "VpnGw1" }, t);
        var local = await Cloud.CreateOrUpdateAsync(ArmTypes.LocalNetworkGateway(Subscription, a.ResourceGroup, "onprem-lng"),
            new LocalNetworkGateway { Location = a.Region, GatewayIpAddress = VaultTopology.VpnDeviceIp, AddressPrefixes = [VaultTopology.SitePrefix] }, t);
        await Cloud.CreateOrUpdateAsync(ArmTypes.Connection(Subscription, a.ResourceGroup, connectionName), new VirtualNetworkGatewayConnection
        {
            Location = a.Region, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = sharedKey,
        }, t);
    }

    /// <summary>An ExpressRoute circuit from the site, provisioned by its provider, with <paramref name="peerings"/>, connected to <paramref name="vnet"/>.</summary>
    public async Task<ExpressRouteCircuit> AddExpressRouteAsync(VirtualNetwork vnet, string circuitName, string gatewayName, string connectionName,
        IReadOnlyList<PeeringType> peerings, TimeProvider t)
    {
        ArgumentNullException.ThrowIfNull(vnet);
        ArgumentNullException.ThrowIfNull(peerings);
        var a = Topology.Azure;
        var circuitId = ArmTypes.ExpressRouteCircuit(Subscription, a.ResourceGroup, circuitName);
        var body = new ExpressRouteCircuit { Location = a.Region, ServiceProviderName = "Equinix", PeeringLocation = "Amsterdam", BandwidthInMbps = 1000 };
        await Cloud.CreateOrUpdateAsync(circuitId, body, t);
        Cloud.Network.ProvisionCircuit(circuitId, VaultTopology.SiteName);
        var circuit = await Cloud.CreateOrUpdateAsync(circuitId, body with { Peerings = [.. peerings.Select(p => new ExpressRoutePeering(p))] }, t);
        await ConnectCircuitAsync(circuit, vnet, gatewayName, connectionName, t);
        return circuit;
    }

    private async Task ConnectCircuitAsync(ExpressRouteCircuit circuit, VirtualNetwork vnet, string gatewayName, string connectionName, TimeProvider t)
    {
        var a = Topology.Azure;
        var erGateway = await Cloud.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(Subscription, a.ResourceGroup, gatewayName),
            new VirtualNetworkGateway { Location = a.Region, VirtualNetworkId = vnet.Id, GatewayType = GatewayType.ExpressRoute, Sku = "Standard" }, t);
        await Cloud.CreateOrUpdateAsync(ArmTypes.Connection(Subscription, a.ResourceGroup, connectionName), new VirtualNetworkGatewayConnection
        {
            Location = a.Region, ConnectionType = ConnectionType.ExpressRoute, VirtualNetworkGatewayId = erGateway.Id, ExpressRouteCircuitId = circuit.Id,
        }, t);
    }

    /// <summary>Another virtual network in the recovery resource group, with a default and a gateway subnet.</summary>
    public Task<VirtualNetwork> AddNetworkAsync(string name, string space, string subnet, TimeProvider t) => Network(name, space, subnet, t);

    /// <summary>The ARM id of a network of the azure section (the recovery network or one listed under networks).</summary>
    public ResourceId NetworkId(string name) => ArmTypes.VirtualNetwork(Subscription, Topology.Azure.ResourceGroup, name,
        Topology.Azure.IsClassic(name) ? DeploymentModel.Classic : DeploymentModel.ResourceManager);

    private async Task<VirtualNetwork> Network(string name, string space, string subnet, TimeProvider t, DeploymentModel model = DeploymentModel.ResourceManager)
    {
        var a = Topology.Azure;
        var gatewaySubnet = space.Split('/')[0].Split('.') is [var o1, var o2, _, _] ? $"{o1}.{o2}.255.0/27" : throw new InvalidOperationException($"'{space}' is not an IPv4 prefix.");
        return await Cloud.CreateOrUpdateAsync(ArmTypes.VirtualNetwork(Subscription, a.ResourceGroup, name, model), new VirtualNetwork
        {
            Location = a.Region, AddressPrefixes = [space], Subnets = [new Subnet("default", subnet), new Subnet("GatewaySubnet", gatewaySubnet)],
        }, t);
    }
}
