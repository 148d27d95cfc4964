using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>
/// RelocateVM_Task. A storage vMotion moves every file of the VM (the .vmx and each disk's whole
/// chain) into a folder on the target datastore; a vMotion moves it to another host. The VM keeps a
/// record of the move: a storage-vMotioned master target breaks failback (PRE-8), because disk paths
/// handed out before the move no longer exist.
/// </summary>
internal static class VmRelocation
{
    public static (HostSystem Host, Datastore Datastore) Check(VSphereSite site, ServiceInstance server, VirtualMachine vm, HostSystem? host, Datastore? datastore)
    {
        Checks.StillExists(server, vm);
        var targetHost = host ?? vm.Host;
        var targetStore = datastore ?? vm.Datastore;
        if (targetHost == vm.Host && targetStore == vm.Datastore && vm.Disks.All(d => d.Datastore == targetStore))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{vm.Name}' is already on host '{targetHost.Name}' and datastore '{targetStore.Name}'.", server.MoRefOf(vm));
        Checks.HostWritable(server, vm.Host);
        Checks.HostWritable(server, targetHost);
        if (server.DatacenterOf(targetHost) != server.DatacenterOf(vm.Host))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Host '{targetHost.Name}' is in another datacenter than '{vm.Name}'.", server.MoRefOf(targetHost));
        Checks.DatastoresAccessible(server, vm);
        // Files that stay where they are must be reachable from the target host too.
        foreach (var ds in datastore is null ? vm.AllDatastores : [datastore]) Checks.DatastoreUsable(server, ds, targetHost);
        foreach (var nic in vm.Nics)
            if (!targetHost.Networks.Any(n => n.Name == nic.NetworkName))
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Network '{nic.NetworkName}' of '{vm.Name}' is not present on host '{targetHost.Name}'.", server.MoRefOf(targetHost));
        // A running VM's open disks are its own I/O, which a live storage vMotion carries along (a master target with a
        // failback disk attached included); a powered-off VM's open files are held by someone else.
        if (vm.PowerState != VirtualMachinePowerState.PoweredOn) Checks.FilesNotOpen(site, server, vm);
        if (datastore is not null)
            Checks.Space(server, datastore, vm.Disks.Where(d => d.Datastore != datastore).Sum(d => d.SpaceUsed));
        return (targetHost, targetStore);
    }

    public static long BytesToCopy(VirtualMachine vm, Datastore? datastore) =>
        datastore is null ? 0 : vm.Disks.Where(d => d.Datastore != datastore).Sum(d => d.SpaceUsed);

    public static void Commit(VSphereSite site, VirtualMachine vm, HostSystem? host, Datastore? datastore)
    {
        var fromHost = vm.Host;
        var fromStore = vm.Datastore;
        var stores = vm.AllDatastores.ToList();
        var storageMove = datastore is not null && (datastore != vm.Datastore || vm.Disks.Any(d => d.Datastore != datastore));
        if (storageMove && datastore is not null)
        {
            var folder = datastore == vm.Datastore ? vm.Folder : VmCreation.FreeFolder(datastore, vm.Name);
            Directory.CreateDirectory(datastore.LocalPath(folder));
            foreach (var disk in vm.Disks.Where(d => d.Datastore != datastore))
            {
                // Move the chain files (same file system: a rename keeps thin files sparse).
                foreach (var file in DiskFiles.ChainFiles(disk.Datastore.LocalPath(disk.Current), disk.Datastore.Directory))
                    File.Move(file, Path.Combine(datastore.LocalPath(folder), Path.GetFileName(file)));
                var moved = disk.Chain.Select(f => $"{folder}/{Path.GetFileName(f)}").ToList();
                disk.Chain.Clear();
                disk.Chain.AddRange(moved);
                disk.Datastore.Disks.Remove(disk);
                disk.Datastore = datastore;
                datastore.Disks.Add(disk);
            }
            foreach (var snapshot in vm.AllSnapshots)
                foreach (var key in snapshot.DiskFiles.Keys.ToList())
                    snapshot.DiskFiles[key] = $"{folder}/{Path.GetFileName(snapshot.DiskFiles[key])}";
            if (datastore != vm.Datastore)
            {
                File.Move(vm.Datastore.LocalPath(vm.VmxFile), datastore.LocalPath($"{folder}/{vm.VmxName}"));
                foreach (var ds in stores)
                {
                    var old = ds.LocalPath(vm.Folder);
                    if (Directory.Exists(old) && !Directory.EnumerateFileSystemEntries(old).Any()) Directory.Delete(old);
                }
                vm.Datastore = datastore;
                vm.Folder = folder;
            }
            VmxFile.Write(vm);
        }
        if (host is not null && host != vm.Host)
        {
            vm.Host.Vms.Remove(vm);
            host.Vms.Add(vm);
            vm.Host = host;
        }
        var kind = storageMove ? MigrationRecord.StorageVMotion : MigrationRecord.VMotion;
        vm.MigrationHistory.Add(new MigrationRecord(site.Clock.GetUtcNow(), kind, fromHost.Name, vm.Host.Name, fromStore.Name, vm.Datastore.Name));
        site.Changes.Record(vm, ObjectUpdateKind.Modify, "runtime.host", "datastore", "layoutEx.file", "config.files.vmPathName");
        foreach (var ds in stores.Union(vm.AllDatastores)) site.Changes.Record(ds, ObjectUpdateKind.Modify, "summary.freeSpace", "vm");
        site.Trace.Emit("vcenter", "vm.relocated", ("vm", vm.Name), ("kind", kind), ("fromHost", fromHost.Name), ("toHost", vm.Host.Name),
            ("fromDatastore", fromStore.Name), ("toDatastore", vm.Datastore.Name));
    }
}
