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

    public static async Task<AzureSide> BuildAsync(Simulation sim, string root, VaultTopology topology)
    {
        var a = topology.Azure;
        var cloud = new AzureCloud(sim, new AzureOptions
        {
            StorageRoot = root,
            SubscriptionId = a.Subscription ?? new AzureOptions { StorageRoot = root }.SubscriptionId,
            // Drill disks are small: Azure's 20 MiB upload minimum would dwarf them.
            MinimumUploadBytes = (1L << 20) + 512,
            ImageOsDiskBytes = 4L << 20,
        });
        var side = new AzureSide(cloud, topology);
        var link = topology.Connectivity;
        cloud.Network.AddSite(new OnPremisesSite(VaultTopology.SiteName, [VaultTopology.SitePrefix], VaultTopology.VpnDeviceIp)
        {
            InternetMbps = link.Internet ? 1000 : null,
        });
        await side.BuildNetworkAsync(sim.Clock);
        return side;
    }

    private async Task BuildNetworkAsync(TimeProvider t)
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
            var local = (LocalNetworkGateway?)null;
            foreach (var (suffix, net) in linked)
            {
                var gateway = await Cloud.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(sub, a.ResourceGroup, "vpn-gw" + suffix),
                    new VirtualNetworkGateway { Location = a.Region, VirtualNetworkId = net.Id, GatewayType = GatewayType.Vpn, Sku = "VpnGw1" }, t);
                local ??= await Cloud.CreateOrUpdateAsync(ArmTypes.LocalNetworkGateway(sub, a.ResourceGroup, "onprem-lng"),
                    new LocalNetworkGateway { Location = a.Region, GatewayIpAddress = VaultTopology.VpnDeviceIp, AddressPrefixes = [VaultTopology.SitePrefix] }, t);
                await Cloud.CreateOrUpdateAsync(ArmTypes.Connection(sub, a.ResourceGroup, VpnConnection + suffix), new VirtualNetworkGatewayConnection
                {
                    Location = a.Region, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "drill-shared-key",
                }, t);
            }
            return;
        }
        var circuitId = ArmTypes.ExpressRouteCircuit(sub, a.ResourceGroup, Circuit);
        var body = new ExpressRouteCircuit { Location = a.Region, ServiceProviderName = "Equinix", PeeringLocation = "Amsterdam", BandwidthInMbps = 1000 };
        await Cloud.CreateOrUpdateAsync(circuitId, body, t);
        Cloud.Network.ProvisionCircuit(circuitId, VaultTopology.SiteName);
        var circuit = await Cloud.CreateOrUpdateAsync(circuitId, body with
        {
            Peerings = link.MicrosoftPeering ? [new(PeeringType.AzurePrivatePeering), new(PeeringType.MicrosoftPeering)] : [new(PeeringType.AzurePrivatePeering)],
        }, t);
        foreach (var (suffix, net) in linked)
        {
            var erGateway = await Cloud.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(sub, a.ResourceGroup, "er-gw" + suffix),
                new VirtualNetworkGateway { Location = a.Region, VirtualNetworkId = net.Id, GatewayType = GatewayType.ExpressRoute, Sku = "Standard" }, t);
            await Cloud.CreateOrUpdateAsync(ArmTypes.Connection(sub, a.ResourceGroup, "er-connection" + suffix), new VirtualNetworkGatewayConnection
            {
                Location = a.Region, ConnectionType = ConnectionType.ExpressRoute, VirtualNetworkGatewayId = erGateway.Id, ExpressRouteCircuitId = circuit.Id,
            }, t);
        }
    }

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
