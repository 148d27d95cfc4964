namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// Microsoft.Network/connections: a site-to-site VPN (a VPN gateway to a local network gateway, with a
/// shared key) or an ExpressRoute connection (an ExpressRoute gateway to a circuit).
/// </summary>
public sealed record VirtualNetworkGatewayConnection : ArmResource
{
    public ConnectionType ConnectionType { get; init; }
    public ResourceId? VirtualNetworkGatewayId { get; init; }
    public ResourceId? LocalNetworkGatewayId { get; init; }
    public ResourceId? ExpressRouteCircuitId { get; init; }
    public string? SharedKey { get; init; }
    /// <summary>Read-only.</summary>
    public ConnectionStatus ConnectionStatus { get; init; }
}
