using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Simulators.VCenter.Server;

/// <summary>
/// One server's references: deterministic counters handed out in the order objects enter the server's
/// inventory, spelled as the server kind spells them (vCenter: <c>vm-12</c>, <c>host-3</c>; host agent:
/// <c>ha-host</c>, <c>12</c>). The same inputs therefore give the same references.
/// </summary>
internal sealed class MoRefTable(bool vCenter)
{
    private readonly Dictionary<ManagedEntity, ManagedObjectReference> _refs = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ManagedObjectReference, ManagedEntity> _objects = [];
    private int _next = vCenter ? 2 : 1; // group-d1 is the vCenter's root folder

    public ManagedObjectReference Of(ManagedEntity entity)
    {
        if (_refs.TryGetValue(entity, out var existing)) return existing;
        var moRef = new ManagedObjectReference(entity.Type, vCenter ? VCenterId(entity) : AgentId(entity));
        _refs[entity] = moRef;
        _objects[moRef] = entity;
        return moRef;
    }

    public ManagedEntity? Find(ManagedObjectReference moRef) => _objects.GetValueOrDefault(moRef);

    public ManagedObjectReference NextTask(string descriptionId) =>
        new(ManagedObjectTypes.Task, vCenter ? $"task-{_next++}" : $"haTask--vim.{descriptionId}-{_next++}");

    private string VCenterId(ManagedEntity entity) => entity switch
    {
        Datacenter => $"datacenter-{_next++}",
        ClusterComputeResource => $"domain-c{_next++}",
        HostSystem => $"host-{_next++}",
        Datastore => $"datastore-{_next++}",
        Network => $"network-{_next++}",
        VirtualMachine => $"vm-{_next++}",
        VirtualMachineSnapshot => $"snapshot-{_next++}",
        _ => throw new ArgumentException($"No reference kind for {entity}.", nameof(entity)),
    };

    private string AgentId(ManagedEntity entity) => entity switch
    {
        Datacenter => "ha-datacenter",
        HostSystem => "ha-host",
        Datastore ds => ds.Url["ds:///vmfs/volumes/".Length..].TrimEnd('/'),
        Network n => $"HaNetwork-{n.Name}",
        VirtualMachine => $"{_next++}",
        VirtualMachineSnapshot s => $"{Of(s.Vm).Value}-snapshot-{s.Id}",
        _ => throw new ArgumentException($"No reference kind for {entity}.", nameof(entity)),
    };
}
