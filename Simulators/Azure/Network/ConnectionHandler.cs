using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>
/// Connections from a network's gateway to the site: IPsec (VPN gateway, local network gateway and
/// shared key) or ExpressRoute (ExpressRoute gateway and a provisioned circuit with private peering).
/// </summary>
internal sealed class ConnectionHandler(AzureCloud cloud) : ResourceHandler<VirtualNetworkGatewayConnection>(cloud)
{
    public override string ResourceType => $"{ArmTypes.Network}/{ArmTypes.Connections}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));

    protected override PutPlan Put(ResourceId id, VirtualNetworkGatewayConnection body, VirtualNetworkGatewayConnection? existing)
    {
        var gateway = Store.Find<VirtualNetworkGateway>(body.VirtualNetworkGatewayId);
        Require(gateway is not null, "properties.virtualNetworkGateway1.id", $"The gateway '{body.VirtualNetworkGatewayId}' does not exist.", "InvalidResourceReference");
        Require(gateway!.ProvisioningState == ProvisioningState.Succeeded, "properties.virtualNetworkGateway1.id",
            $"Gateway '{gateway.Name}' is {gateway.ProvisioningState}; wait until it has been deployed.", "ReferencedResourceNotProvisioned");
        Require(gateway.Location.Equals(body.Location, StringComparison.OrdinalIgnoreCase), "location", $"The connection must be in the gateway's location '{gateway.Location}'.");
        if (body.ConnectionType == ConnectionType.IPsec)
        {
            Require(gateway.GatewayType == GatewayType.Vpn, "properties.virtualNetworkGateway1.id", $"'{gateway.Name}' is an {gateway.GatewayType} gateway; an IPsec connection needs a VPN gateway.", "InvalidGatewayType");
            Require(Store.Find<LocalNetworkGateway>(body.LocalNetworkGatewayId) is not null, "properties.localNetworkGateway2.id",
                $"The local network gateway '{body.LocalNetworkGatewayId}' does not exist.", "InvalidResourceReference");
            Require(!string.IsNullOrEmpty(body.SharedKey), "properties.sharedKey", "A site-to-site connection needs the shared key configured on the VPN device.");
        }
        else
        {
            Require(gateway.GatewayType == GatewayType.ExpressRoute, "properties.virtualNetworkGateway1.id", $"'{gateway.Name}' is a {gateway.GatewayType} gateway; an ExpressRoute connection needs an ExpressRoute gateway.", "InvalidGatewayType");
            var circuit = Store.Find<ExpressRouteCircuit>(body.ExpressRouteCircuitId);
            Require(circuit is not null, "properties.peer.id", $"The ExpressRoute circuit '{body.ExpressRouteCircuitId}' does not exist.", "InvalidResourceReference");
            Require(circuit!.ServiceProviderProvisioningState == ServiceProviderProvisioningState.Provisioned, "properties.peer.id",
                $"Circuit '{circuit.Name}' is {circuit.ServiceProviderProvisioningState} by its provider; it must be Provisioned.", "CircuitNotProvisioned");
            Require(circuit.HasPeering(PeeringType.AzurePrivatePeering), "properties.peer.id",
                $"Circuit '{circuit.Name}' has no private peering; virtual networks are reached over AzurePrivatePeering (ER-1).", "PrivatePeeringNotConfigured");
        }
        if (existing is not null)
            Require(existing.ConnectionType == body.ConnectionType && existing.VirtualNetworkGatewayId == body.VirtualNetworkGatewayId
                    && existing.LocalNetworkGatewayId == body.LocalNetworkGatewayId && existing.ExpressRouteCircuitId == body.ExpressRouteCircuitId,
                "properties", "A connection's type and ends cannot change; create another connection.", "PropertyChangeNotAllowed");
        return new PutPlan(body with { ConnectionStatus = ConnectionStatus.Connecting },
            () => Store.Update(Store.Find<VirtualNetworkGatewayConnection>(id)!, c => c with { ConnectionStatus = Cloud.Network.StatusOf(c) }));
    }
}
