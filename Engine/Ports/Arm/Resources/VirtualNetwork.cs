namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>A subnet of a virtual network; Azure reserves its first four addresses and the last.</summary>
public sealed record Subnet(string Name, string AddressPrefix)
{
    /// <summary>Read-only.</summary>
    public ResourceId? Id { get; init; }
}

/// <summary>
/// Microsoft.Network/virtualNetworks or Microsoft.ClassicNetwork/virtualNetworks: the ID's provider
/// sets the deployment model, and only VMs of that model may join it (PS-2).
/// </summary>
public sealed record VirtualNetwork : ArmResource
{
    public IReadOnlyList<string> AddressPrefixes { get; init; } = [];
    public IReadOnlyList<Subnet> Subnets { get; init; } = [];
    /// <summary>Read-only.</summary>
    public Guid ResourceGuid { get; init; }

    public Subnet? FindSubnet(string name) => Subnets.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
