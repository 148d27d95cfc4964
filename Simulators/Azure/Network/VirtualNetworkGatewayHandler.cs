using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>VPN and ExpressRoute gateways: one of each type per network, in its GatewaySubnet; they take half an hour to deploy.</summary>
internal sealed class VirtualNetworkGatewayHandler(AzureCloud cloud) : ResourceHandler<VirtualNetworkGateway>(cloud)
{
    public const string GatewaySubnet = "GatewaySubnet";

    private static readonly Dictionary<string, (GatewayType Type, int Mbps)> Skus = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Basic"] = (GatewayType.Vpn, 100), ["VpnGw1"] = (GatewayType.Vpn, 650), ["VpnGw2"] = (GatewayType.Vpn, 1000), ["VpnGw3"] = (GatewayType.Vpn, 1250),
        ["Standard"] = (GatewayType.ExpressRoute, 1000), ["HighPerformance"] = (GatewayType.ExpressRoute, 2000), ["UltraPerformance"] = (GatewayType.ExpressRoute, 10000),
    };

    public override string ResourceType => $"{ArmTypes.Network}/{ArmTypes.VirtualNetworkGateways}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(45));
    public override (TimeSpan Min, TimeSpan Max) DeleteTime => (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));

    protected override PutPlan Put(ResourceId id, VirtualNetworkGateway body, VirtualNetworkGateway? existing)
    {
        const string vnetTarget = "properties.ipConfigurations[0].properties.subnet.id";
        var vnet = Store.Find<VirtualNetwork>(body.VirtualNetworkId);
        Require(vnet is not null, vnetTarget, $"The virtual network '{body.VirtualNetworkId}' does not exist.", "InvalidResourceReference");
        Require(vnet!.DeploymentModel == DeploymentModel.ResourceManager, vnetTarget, $"'{vnet.Name}' is a classic network; a Resource Manager gateway needs a Resource Manager network.", "InvalidResourceReference");
        Require(vnet.Location.Equals(body.Location, StringComparison.OrdinalIgnoreCase), vnetTarget, $"The gateway must be in the network's location '{vnet.Location}'.", "InvalidResourceReference");
        Require(vnet.FindSubnet(GatewaySubnet) is not null, vnetTarget, $"Virtual network '{vnet.Name}' has no subnet named '{GatewaySubnet}'; add one (e.g. a /27) first.", "GatewaySubnetNotFound");
        Require(Skus.TryGetValue(body.Sku, out var sku) && sku.Type == body.GatewayType, "properties.sku.name",
            $"'{body.Sku}' is not a {body.GatewayType} gateway SKU; use one of: {string.Join(", ", Skus.Where(s => s.Value.Type == body.GatewayType).Select(s => s.Key))}.", "InvalidGatewaySku");
        if (existing is not null)
            Require(existing.VirtualNetworkId == body.VirtualNetworkId && existing.GatewayType == body.GatewayType, "properties",
                "A gateway's network and type cannot change; create another gateway.", "PropertyChangeNotAllowed");
        var other = Store.All<VirtualNetworkGateway>().FirstOrDefault(g => g.Id != id && g.VirtualNetworkId == body.VirtualNetworkId && g.GatewayType == body.GatewayType);
        if (other is not null)
            throw ArmErrors.Conflict(vnetTarget, $"Virtual network '{vnet.Name}' already has the {body.GatewayType} gateway '{other.Name}'.", "VnetGatewayAlreadyExists");
        return new PutPlan(body with { BandwidthMbps = sku.Mbps });
    }

    protected override void ValidateDelete(VirtualNetworkGateway existing) =>
        Require(!Store.All<VirtualNetworkGatewayConnection>().Any(c => c.VirtualNetworkGatewayId == existing.Id), existing.Id!.ToString(),
            $"Gateway '{existing.Name}' has connections; delete them first.", "InUseVirtualNetworkGatewayCannotBeDeleted");
}
