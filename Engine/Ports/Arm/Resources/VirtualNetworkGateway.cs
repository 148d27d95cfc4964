namespace Failback.Engine.Ports.Arm.Resources;

public enum GatewayType { Vpn, ExpressRoute }

/// <summary>
/// Microsoft.Network/virtualNetworkGateways: a VPN or ExpressRoute gateway in the network's GatewaySubnet.
/// Its SKU sets a VPN's bandwidth (Basic 100 Mbps, VpnGw1 650, VpnGw2 1000, VpnGw3 1250).
/// </summary>
public sealed record VirtualNetworkGateway : ArmResource
{
    public ResourceId? VirtualNetworkId { get; init; }
    public GatewayType GatewayType { get; init; }
    public string Sku { get; init; } = "VpnGw1";
    /// <summary>Read-only.</summary>
    public int BandwidthMbps { get; init; }
}
