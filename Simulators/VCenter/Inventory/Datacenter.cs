using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>A datacenter of one vCenter: the namespace for VM names and the home of clusters and hosts.</summary>
public sealed class Datacenter(ServiceInstance server, string name) : ManagedEntity(ManagedObjectTypes.Datacenter, name)
{
    public ServiceInstance Server { get; } = server;
    public List<ClusterComputeResource> Clusters { get; } = [];
    /// <summary>Every host of the datacenter, in a cluster or not.</summary>
    public List<HostSystem> Hosts { get; } = [];
}
