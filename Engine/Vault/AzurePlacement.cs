using Failback.Engine.Ports.Arm;

namespace Failback.Engine.Vault;

/// <summary>
/// Where a VM is in Azure, as ARM reports it: the VM's id (its subscription and, by its provider, its deployment
/// model) and the virtual network its subnet belongs to (PS-2, PS-3 compare these of the process server and the recovered VM).
/// </summary>
internal sealed record AzurePlacement(ResourceId Vm, ResourceId? Network)
{
    public DeploymentModel Model => Vm.DeploymentModel;

    /// <summary>A VM's placement from the VM ARM returned: its subnet's parent is its network.</summary>
    public static AzurePlacement Of(ResourceId vm, ResourceId? subnet) => new(vm, subnet?.Parent);
}
