namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// ExpressRoute peerings: private peering reaches virtual networks (ER-1, ER-2); Microsoft (public)
/// peering reaches public endpoints such as storage accounts (ER-3).
/// </summary>
public enum PeeringType { AzurePrivatePeering, AzurePublicPeering, MicrosoftPeering }

public sealed record ExpressRoutePeering(PeeringType PeeringType, bool Enabled = true);

public enum ServiceProviderProvisioningState { NotProvisioned, Provisioning, Provisioned }

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
