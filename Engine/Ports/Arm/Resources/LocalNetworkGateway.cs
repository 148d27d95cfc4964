namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>Microsoft.Network/localNetworkGateways: the on-premises VPN device (by its public IP) and the site's prefixes.</summary>
public sealed record LocalNetworkGateway : ArmResource
{
    public string GatewayIpAddress { get; init; } = "";
    public IReadOnlyList<string> AddressPrefixes { get; init; } = [];
}
