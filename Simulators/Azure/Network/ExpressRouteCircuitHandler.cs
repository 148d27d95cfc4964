using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>
/// ExpressRoute circuits: created NotProvisioned with a service key; peerings can be configured only
/// after the connectivity provider has provisioned the circuit (<see cref="Connectivity.AzureNetwork.ProvisionCircuit"/>).
/// </summary>
internal sealed class ExpressRouteCircuitHandler(AzureCloud cloud) : ResourceHandler<ExpressRouteCircuit>(cloud)
{
    private static readonly int[] Bandwidths = [50, 100, 200, 500, 1000, 2000, 5000, 10000];

    public override string ResourceType => $"{ArmTypes.Network}/{ArmTypes.ExpressRouteCircuits}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));

    protected override PutPlan Put(ResourceId id, ExpressRouteCircuit body, ExpressRouteCircuit? existing)
    {
        Require(body.ServiceProviderName.Length > 0, "properties.serviceProviderProperties.serviceProviderName", "Name the connectivity provider.");
        Require(body.PeeringLocation.Length > 0, "properties.serviceProviderProperties.peeringLocation", "Name the peering location.");
        Require(Bandwidths.Contains(body.BandwidthInMbps), "properties.serviceProviderProperties.bandwidthInMbps",
            $"{body.BandwidthInMbps} Mbps is not offered; use one of: {string.Join(", ", Bandwidths)}.", "InvalidCircuitBandwidth");
        Require(body.Peerings.Select(p => p.PeeringType).Distinct().Count() == body.Peerings.Count, "properties.peerings", "Each peering type may appear once.", "DuplicatePeering");
        var provisioned = existing?.ServiceProviderProvisioningState == ServiceProviderProvisioningState.Provisioned;
        Require(body.Peerings.Count == 0 || provisioned, "properties.peerings",
            $"Circuit '{id.Name}' is not provisioned by its provider yet (service key {existing?.ServiceKey}); peerings can be configured once it is.", "CircuitNotProvisioned");
        if (existing is not null && existing.HasPeering(PeeringType.AzurePrivatePeering) && !body.HasPeering(PeeringType.AzurePrivatePeering))
            Require(!Store.All<VirtualNetworkGatewayConnection>().Any(c => c.ExpressRouteCircuitId == id), "properties.peerings",
                "Private peering carries connections to virtual networks; delete them before removing it.", "InUsePeeringCannotBeDeleted");
        return new PutPlan(body with
        {
            ServiceKey = existing?.ServiceKey ?? Cloud.Choices.NextGuid(),
            ServiceProviderProvisioningState = existing?.ServiceProviderProvisioningState ?? ServiceProviderProvisioningState.NotProvisioned,
        });
    }

    protected override void ValidateDelete(ExpressRouteCircuit existing) =>
        Require(!Store.All<VirtualNetworkGatewayConnection>().Any(c => c.ExpressRouteCircuitId == existing.Id), existing.Id!.ToString(),
            $"Circuit '{existing.Name}' has connections to virtual networks; delete them first.", "InUseExpressRouteCircuitCannotBeDeleted");

    protected override void Delete(ExpressRouteCircuit existing)
    {
        Cloud.Network.ForgetCircuit(existing.Id!);
        base.Delete(existing);
    }
}
