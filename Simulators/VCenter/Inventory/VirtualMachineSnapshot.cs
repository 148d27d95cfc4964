using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// A snapshot: a point the VM's disks were frozen at. <see cref="DiskFiles"/> are the chain files that
/// hold the point (per disk key); the files written after it are their children.
/// </summary>
public sealed class VirtualMachineSnapshot(VirtualMachine vm, int id, string name) : ManagedEntity(ManagedObjectTypes.VirtualMachineSnapshot, name)
{
    public VirtualMachine Vm { get; } = vm;
    public int Id { get; } = id;
    public required string Description { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public required bool Quiesced { get; init; }
    public VirtualMachineSnapshot? Parent { get; internal set; }
    public List<VirtualMachineSnapshot> Children { get; } = [];
    public required Dictionary<int, string> DiskFiles { get; init; }
}
