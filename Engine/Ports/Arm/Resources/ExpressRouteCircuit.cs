namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>Microsoft.Network/expressRouteCircuits: a private line from the site, provisioned by its connectivity provider.</summary>
public sealed record ExpressRouteCircuit : ArmResource
{
    public string ServiceProviderName { get; init; } = "";
    public string PeeringLocation { get; init; } = "";
    public int BandwidthInMbps { get; init; } = 1000;
    public IReadOnlyList<ExpressRoutePeering> Peerings { get; init; } = [];
    /// <summary>Read-only: the provider's side.</summary>
    public ServiceProviderProvisioningState ServiceProviderProvisioningState { get; init; }
    /// <summary>Read-only.</summary>
    public Guid ServiceKey { get; init; }

    public bool HasPeering(PeeringType type) => Peerings.Any(p => p.PeeringType == type && p.Enabled);
}
