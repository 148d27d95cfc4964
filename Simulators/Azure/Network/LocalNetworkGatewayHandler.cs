using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>Local network gateways: the on-premises VPN device's public address and the site's prefixes.</summary>
internal sealed class LocalNetworkGatewayHandler(AzureCloud cloud) : ResourceHandler<LocalNetworkGateway>(cloud)
{
    public override string ResourceType => $"{ArmTypes.Network}/{ArmTypes.LocalNetworkGateways}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));

    protected override PutPlan Put(ResourceId id, LocalNetworkGateway body, LocalNetworkGateway? existing)
    {
        Require(Ipv4Prefix.TryParseAddress(body.GatewayIpAddress, out _), "properties.gatewayIpAddress",
            $"'{body.GatewayIpAddress}' is not the IPv4 address of the on-premises VPN device.", "InvalidGatewayIpAddress");
        Require(body.AddressPrefixes.Count > 0, "properties.localNetworkAddressSpace.addressPrefixes", "Give the on-premises address prefixes the VPN carries.");
        foreach (var (prefix, i) in body.AddressPrefixes.Select((p, i) => (p, i)))
            Require(Ipv4Prefix.TryParse(prefix, out _), $"properties.localNetworkAddressSpace.addressPrefixes[{i}]", $"'{prefix}' is not an IPv4 prefix.", "InvalidAddressPrefixFormat");
        return new PutPlan(body);
    }

    protected override void ValidateDelete(LocalNetworkGateway existing) =>
        Require(!Store.All<VirtualNetworkGatewayConnection>().Any(c => c.LocalNetworkGatewayId == existing.Id), existing.Id!.ToString(),
            $"Local network gateway '{existing.Name}' has connections; delete them first.", "InUseLocalNetworkGatewayCannotBeDeleted");
}
