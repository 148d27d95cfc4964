namespace Failback.Engine.Ports.Arm.Resources;

public enum IpAllocationMethod { Dynamic, Static }

/// <summary>
/// Microsoft.Network/networkInterfaces (Resource Manager only). A dynamic address is the lowest free
/// one of the subnet; a static one must lie in the subnet, outside Azure's reserved addresses.
/// </summary>
public sealed record NetworkInterface : ArmResource
{
    public ResourceId? SubnetId { get; init; }
    public IpAllocationMethod PrivateIpAllocationMethod { get; init; } = IpAllocationMethod.Dynamic;
    /// <summary>Required when static; read-only when dynamic.</summary>
    public string? PrivateIpAddress { get; init; }
    /// <summary>Read-only: the VM the NIC is attached to.</summary>
    public ResourceId? VirtualMachineId { get; init; }
    /// <summary>Read-only.</summary>
    public string MacAddress { get; init; } = "";
}
