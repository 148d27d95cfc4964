using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// A virtual disk of a VM: a VMDK chain on one datastore, base disk first, the file the VM writes to
/// last (a vmfsSparse child per snapshot).
/// </summary>
public sealed class VirtualDisk
{
    public required int Key { get; init; }
    public required int UnitNumber { get; init; }
    public required long CapacityBytes { get; init; }
    public required bool Thin { get; init; }
    public required Guid Uuid { get; init; }
    public required Datastore Datastore { get; set; }
    /// <summary>Datastore-relative file names of the chain, e.g. <c>vm1/vm1.vmdk</c>, <c>vm1/vm1-000001.vmdk</c>.</summary>
    public List<string> Chain { get; } = [];
    /// <summary>Bytes the thin base and the snapshot deltas have allocated, as last measured.</summary>
    internal long AllocatedBytes { get; set; }

    public string Label => $"Hard disk {UnitNumber + 1}";
    public string Current => Chain[^1];
    public string FileName => $"[{Datastore.Name}] {Current}";
    public long SpaceUsed => Thin ? AllocatedBytes : CapacityBytes + AllocatedBytes;

    public VirtualDiskInfo ToInfo(ManagedObjectReference datastore) =>
        new(Key, UnitNumber, Label, CapacityBytes, Thin, FileName, datastore, VmdkUuid.Format(Uuid));
}
