using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>
/// Destroy_Task: a powered-off VM leaves the inventory and its files leave the datastores.
/// UnregisterVM: it leaves the inventory only; its files stay for RegisterVM.
/// </summary>
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

    public static void CheckUnregister(VSphereSite site, ServiceInstance server, VirtualMachine vm)
    {
        Checks.StillExists(server, vm);
        Checks.PowerState(server, vm, VirtualMachinePowerState.PoweredOff, "unregistering");
        Checks.HostWritable(server, vm.Host);
        Checks.FilesNotOpen(site, server, vm);
    }

    public static void Unregister(VSphereSite site, VirtualMachine vm)
    {
        Leave(site, vm);
        site.Trace.Emit("vcenter", "vm.unregistered", ("vm", vm.Name), ("vmx", vm.VmPathName));
    }

    public static void Commit(VSphereSite site, VirtualMachine vm)
    {
        var stores = vm.AllDatastores.ToList();
        foreach (var disk in vm.Disks)
            foreach (var file in DiskFiles.ChainFiles(disk.Datastore.LocalPath(disk.Current), disk.Datastore.Directory)) File.Delete(file);
        File.Delete(vm.Datastore.LocalPath(vm.VmxFile));
        foreach (var ds in stores)
        {
            var folder = ds.LocalPath(vm.Folder);
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        Leave(site, vm);
        site.Trace.Emit("vcenter", "vm.destroyed", ("vm", vm.Name));
    }

    private static void Leave(VSphereSite site, VirtualMachine vm)
    {
        var stores = vm.AllDatastores.ToList();
        site.Changes.Record(vm, ObjectUpdateKind.Leave);
        foreach (var snapshot in vm.AllSnapshots) site.Changes.Record(snapshot, ObjectUpdateKind.Leave);
        foreach (var disk in vm.Disks) disk.Datastore.Disks.Remove(disk);
        vm.Host.Vms.Remove(vm);
        vm.Removed = true;
        foreach (var snapshot in vm.AllSnapshots) snapshot.Removed = true;
        foreach (var ds in stores) site.Changes.Record(ds, ObjectUpdateKind.Modify, "summary.freeSpace", "vm");
    }
}
