using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Network;

/// <summary>Resource Manager NICs: one IP configuration in a Resource Manager subnet of the same location.</summary>
internal sealed class NetworkInterfaceHandler(AzureCloud cloud) : ResourceHandler<NetworkInterface>(cloud)
{
    private const string SubnetTarget = "properties.ipConfigurations[0].properties.subnet.id";
    private const string AddressTarget = "properties.ipConfigurations[0].properties.privateIPAddress";

    public override string ResourceType => $"{ArmTypes.Network}/{ArmTypes.NetworkInterfaces}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    protected override PutPlan Put(ResourceId id, NetworkInterface body, NetworkInterface? existing)
    {
        Require(body.SubnetId is not null, SubnetTarget, "A network interface needs the subnet it joins.");
        var found = SubnetAddresses.Find(Store, body.SubnetId);
        if (found is null)
            throw ArmErrors.Invalid(SubnetTarget, $"The subnet '{body.SubnetId}' does not exist; create the virtual network and subnet first.", "InvalidResourceReference");
        var (vnet, _) = found.Value;
        Require(vnet.DeploymentModel == DeploymentModel.ResourceManager, SubnetTarget,
            $"'{vnet.Name}' is a classic virtual network; a Resource Manager network interface can only join a Resource Manager network.", "InvalidResourceReference");
        Require(vnet.Location.Equals(body.Location, StringComparison.OrdinalIgnoreCase), SubnetTarget,
            $"The network interface is in '{body.Location}' but virtual network '{vnet.Name}' is in '{vnet.Location}'; they must be in the same location.", "InvalidResourceReference");
        if (existing?.VirtualMachineId is { } vm)
            Require(existing.SubnetId == body.SubnetId, SubnetTarget, $"The network interface is attached to VM '{vm.Name}'; it cannot move to another subnet.", "NicInUse");
        var isStatic = body.PrivateIpAllocationMethod == IpAllocationMethod.Static;
        Require(!isStatic || body.PrivateIpAddress is not null, AddressTarget, "A static allocation needs privateIPAddress.");
        var keep = existing is not null && existing.SubnetId == body.SubnetId ? existing.PrivateIpAddress : null;
        var address = SubnetAddresses.Allocate(Store, body.SubnetId!, isStatic ? body.PrivateIpAddress : null, keep, id, AddressTarget);
        return new PutPlan(body with
        {
            PrivateIpAddress = address,
            VirtualMachineId = existing?.VirtualMachineId,
            MacAddress = existing?.MacAddress ?? NewMac(),
        });
    }

    /// <summary>A MAC address under Microsoft's 00-0D-3A prefix, as Azure assigns.</summary>
    private string NewMac()
    {
        Span<byte> tail = stackalloc byte[3];
        Cloud.Choices.NextBytes(tail);
        return $"00-0D-3A-{tail[0]:X2}-{tail[1]:X2}-{tail[2]:X2}";
    }

    protected override void ValidateDelete(NetworkInterface existing) =>
        Require(existing.VirtualMachineId is null, existing.Id!.ToString(),
            $"Network interface '{existing.Name}' is used by VM '{existing.VirtualMachineId?.Name}'; delete the VM or detach the interface first.", "NicInUse");
}
