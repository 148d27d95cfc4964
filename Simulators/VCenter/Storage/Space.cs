using Failback.Simulators.VCenter.Inventory;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>Measures what a VM's disks have allocated, so datastore free space follows the real files.</summary>
internal static class Space
{
    public static void Refresh(VirtualMachine vm)
    {
        foreach (var disk in vm.Disks) Refresh(disk);
    }

    public static void Refresh(VirtualDisk disk)
    {
        var perLink = DiskFiles.AllocatedPerLink(disk.Datastore.LocalPath(disk.Current), disk.Datastore.Directory);
        // A thick base reserves its whole capacity already; only a thin base adds what it allocated.
        disk.AllocatedBytes = perLink.Take(perLink.Count - 1).Sum() + (disk.Thin ? perLink[^1] : 0);
    }
}
