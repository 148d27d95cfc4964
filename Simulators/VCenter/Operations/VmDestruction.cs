using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>Destroy_Task: a powered-off VM leaves the inventory and its files leave the datastores.</summary>
internal static class VmDestruction
{
    public static void Check(VSphereSite site, ServiceInstance server, VirtualMachine vm)
    {
        Checks.StillExists(server, vm);
        Checks.PowerState(server, vm, VirtualMachinePowerState.PoweredOff, "destroying");
        Checks.HostWritable(server, vm.Host);
        Checks.DatastoresAccessible(server, vm);
        Checks.FilesNotOpen(site, server, vm);
    }

    public static void Commit(VSphereSite site, VirtualMachine vm)
    {
        site.Changes.Record(vm, ObjectUpdateKind.Leave);
        foreach (var snapshot in vm.AllSnapshots) site.Changes.Record(snapshot, ObjectUpdateKind.Leave);
        var stores = vm.AllDatastores.ToList();
        foreach (var disk in vm.Disks)
        {
            foreach (var file in DiskFiles.ChainFiles(disk.Datastore.LocalPath(disk.Current))) File.Delete(file);
            disk.Datastore.Disks.Remove(disk);
        }
        File.Delete(vm.Datastore.LocalPath(vm.VmxFile));
        foreach (var ds in stores)
        {
            var folder = ds.LocalPath(vm.Folder);
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        vm.Host.Vms.Remove(vm);
        foreach (var ds in stores) site.Changes.Record(ds, ObjectUpdateKind.Modify, "summary.freeSpace", "vm");
        site.Trace.Emit("vcenter", "vm.destroyed", ("vm", vm.Name));
    }
}
