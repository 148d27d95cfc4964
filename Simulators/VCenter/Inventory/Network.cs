using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>A port group (standard switch network) present on a set of hosts.</summary>
public sealed class Network(string name) : ManagedEntity(ManagedObjectTypes.Network, name)
{
    public HashSet<HostSystem> Hosts { get; } = [];
}
