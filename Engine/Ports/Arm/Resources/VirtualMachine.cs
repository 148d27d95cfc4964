using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// Microsoft.Compute/virtualMachines or Microsoft.ClassicCompute/virtualMachines. A Resource Manager VM
/// joins networks through existing NICs (PS-5); a classic one joins a classic subnet directly. Either
/// boots from an existing OS disk (a failover) or from a marketplace image (with admin credentials).
/// </summary>
public sealed record VirtualMachine : ArmResource
{
    public string Size { get; init; } = "Standard_D2s_v3";
    public ImageReference? Image { get; init; }
    public string? AdminUsername { get; init; }
    /// <summary>Write-only: never returned.</summary>
    public string? AdminPassword { get; init; }
    /// <summary>Where an image's OS disk goes as a page blob (required for classic VMs).</summary>
    public ResourceId? StorageAccountId { get; init; }
    public VmDisk? OsDisk { get; init; }
    public IReadOnlyList<VmDisk> DataDisks { get; init; } = [];
    /// <summary>Resource Manager: the NICs, which must exist.</summary>
    public IReadOnlyList<ResourceId> NetworkInterfaceIds { get; init; } = [];
    /// <summary>Classic: the subnet the VM joins. Resource Manager: optional, must be the first NIC's subnet.</summary>
    public ResourceId? SubnetId { get; init; }
    /// <summary>Classic: a static private address in <see cref="SubnetId"/>; dynamic when null.</summary>
    public string? StaticPrivateIpAddress { get; init; }
    /// <summary>Read-only.</summary>
    public PowerState PowerState { get; init; }
    /// <summary>Read-only.</summary>
    public Guid VmId { get; init; }
    /// <summary>Read-only: the addresses the VM holds, first NIC first.</summary>
    public IReadOnlyList<string> PrivateIpAddresses { get; init; } = [];
    /// <summary>Read-only: what runs inside, as seen from the OS disk.</summary>
    public GuestState? Guest { get; init; }
}
