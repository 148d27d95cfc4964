using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>Virtual networks of one deployment model: address space, subnets inside it, and subnets in use kept.</summary>
internal sealed class VirtualNetworkHandler(AzureCloud cloud, DeploymentModel model) : ResourceHandler<VirtualNetwork>(cloud)
{
    public override string ResourceType => $"{ArmTypes.NetworkProvider(model)}/{ArmTypes.VirtualNetworks}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));

    protected override PutPlan Put(ResourceId id, VirtualNetwork body, VirtualNetwork? existing)
    {
        Require(body.AddressPrefixes.Count > 0, "properties.addressSpace.addressPrefixes", "A virtual network needs at least one address prefix, e.g. 10.1.0.0/16.");
        var space = new List<Ipv4Prefix>();
        foreach (var (text, i) in body.AddressPrefixes.Select((p, i) => (p, i)))
        {
            var target = $"properties.addressSpace.addressPrefixes[{i}]";
            Require(Ipv4Prefix.TryParse(text, out var prefix), target, $"'{text}' is not an IPv4 prefix (a.b.c.d/8..29 with no host bits set).", "InvalidAddressPrefixFormat");
            Require(!space.Any(p => p.Overlaps(prefix)), target, $"The address prefix {text} overlaps another prefix of the network.", "NetcfgInvalidAddressPrefixes");
            space.Add(prefix);
        }
        var subnets = new List<Subnet>();
        var prefixes = new List<Ipv4Prefix>();
        foreach (var (subnet, i) in body.Subnets.Select((s, i) => (s, i)))
        {
            var target = $"properties.subnets[{i}]";
            Require(subnet.Name.Length > 0 && subnet.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), target + ".name", $"The subnet name '{subnet.Name}' is not valid.", "InvalidResourceName");
            Require(!subnets.Any(s => s.Name.Equals(subnet.Name, StringComparison.OrdinalIgnoreCase)), target + ".name", $"The subnet name '{subnet.Name}' appears twice.", "DuplicateResourceName");
            Require(Ipv4Prefix.TryParse(subnet.AddressPrefix, out var prefix), target + ".properties.addressPrefix", $"'{subnet.AddressPrefix}' is not an IPv4 prefix (a.b.c.d/8..29 with no host bits set).", "InvalidAddressPrefixFormat");
            Require(space.Any(p => p.Contains(prefix)), target + ".properties.addressPrefix", $"Subnet '{subnet.Name}' ({subnet.AddressPrefix}) is not inside the network's address space ({string.Join(", ", body.AddressPrefixes)}).", "NetcfgSubnetRangeOutsideVnet");
            Require(!prefixes.Any(p => p.Overlaps(prefix)), target + ".properties.addressPrefix", $"Subnet '{subnet.Name}' ({subnet.AddressPrefix}) overlaps another subnet.", "NetcfgInvalidSubnet");
            prefixes.Add(prefix);
            subnets.Add(subnet with { Id = id.Child(ArmTypes.Subnets, subnet.Name) });
        }
        foreach (var old in existing?.Subnets ?? [])
        {
            var subnetId = id.Child(ArmTypes.Subnets, old.Name);
            if (!SubnetAddresses.HasHolders(Store, subnetId) && !GatewayIn(id, old)) continue;
            var kept = subnets.FirstOrDefault(s => s.Name.Equals(old.Name, StringComparison.OrdinalIgnoreCase));
            Require(kept is not null, "properties.subnets", $"Subnet '{old.Name}' is in use by network interfaces, VMs or a gateway and cannot be deleted; remove them first.", "InUseSubnetCannotBeDeleted");
            Require(kept!.AddressPrefix == old.AddressPrefix, "properties.subnets", $"Subnet '{old.Name}' is in use and cannot change its prefix from {old.AddressPrefix}.", "InUseSubnetCannotBeUpdated");
        }
        return new PutPlan(body with { Subnets = subnets, ResourceGuid = existing?.ResourceGuid ?? Cloud.Choices.NextGuid() });
    }

    private bool GatewayIn(ResourceId vnetId, Subnet subnet) =>
        subnet.Name.Equals(VirtualNetworkGatewayHandler.GatewaySubnet, StringComparison.OrdinalIgnoreCase)
        && Store.All<VirtualNetworkGateway>().Any(g => g.VirtualNetworkId == vnetId);

    protected override void ValidateDelete(VirtualNetwork existing)
    {
        foreach (var subnet in existing.Subnets)
            Require(!SubnetAddresses.HasHolders(Store, subnet.Id!) && !GatewayIn(existing.Id!, subnet), existing.Id!.ToString(),
                $"Subnet '{subnet.Name}' of '{existing.Name}' is in use; delete its network interfaces, VMs and gateways first.", "InUseSubnetCannotBeDeleted");
    }
}
