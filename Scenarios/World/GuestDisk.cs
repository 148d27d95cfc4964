using Failback.Engine.Ports;
using Failback.Simulators.Disks;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Scenarios.World;

/// <summary>
/// A VM disk as its guest sees it: every access goes to the head of the disk's current VMDK chain,
/// so writes after a snapshot land in the snapshot's delta as they do on ESXi.
/// </summary>
public sealed class GuestDisk(VirtualMachine vm, int index) : IBlockDevice
{
    public VirtualMachine Vm { get; } = vm;
    public int Index { get; } = index;
    public string Id => $"{Vm.Name}/disk{Index}";

    private VirtualDisk Disk => Vm.Disks[Index];
    public long Capacity => Disk.CapacityBytes;

    public void Read(long offset, Span<byte> buffer)
    {
        using var image = Open(writable: false);
        image.Read(offset, buffer);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        // No fsync per write: the page cache already shows the write to every later reader, and a
        // simulated guest's write needs no durability against a crash of the machine running the drill.
        using var image = Open(writable: true);
        image.Write(offset, data);
    }

    public void Flush() { }

    public IReadOnlyList<DiskExtent> GetAllocatedExtents()
    {
        using var image = Open(writable: false);
        return image.GetAllocatedExtents();
    }

    public string TakeChangeId()
    {
        using var image = Open(writable: true);
        return image.TakeChangeId();
    }

    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId)
    {
        using var image = Open(writable: false);
        return image.QueryChangedDiskAreas(changeId);
    }

    public void Dispose() { }

    private IBlockDevice Open(bool writable)
    {
        if (Vm.Removed) throw new InvalidOperationException($"VM '{Vm.Name}' no longer exists; its guest cannot read or write.");
        return DiskImage.Open(Disk.Datastore.LocalPath(Disk.Current), writable);
    }
}
