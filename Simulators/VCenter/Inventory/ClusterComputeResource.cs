using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>A cluster: a group of hosts of one datacenter.</summary>
public sealed class ClusterComputeResource(Datacenter datacenter, string name) : ManagedEntity(ManagedObjectTypes.ClusterComputeResource, name)
{
    public Datacenter Datacenter { get; } = datacenter;
    public List<HostSystem> Hosts { get; } = [];
}
