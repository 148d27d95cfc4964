using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>Adding disks and NICs to a VM, for CreateVM and ReconfigVM alike.</summary>
internal static class VmDevices
{
    /// <summary>SCSI unit 7 is the controller's own.</summary>
    private const int ControllerUnit = 7;
    private const int MaxUnits = 16;

    public static void CheckDisks(ServiceInstance server, VirtualMachine? vm, HostSystem host, Datastore home, IReadOnlyList<VirtualDiskSpec> disks)
    {
        if ((vm?.Disks.Count ?? 0) + disks.Count > MaxUnits - 1)
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"A SCSI controller holds at most {MaxUnits - 1} disks.");
        var needed = new Dictionary<Datastore, long>();
        foreach (var disk in disks)
        {
            if (disk.CapacityBytes <= 0 || disk.CapacityBytes % 512 != 0)
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Disk capacity {disk.CapacityBytes} must be a positive multiple of 512 bytes.");
            var ds = Resolve(server, disk.Datastore) ?? home;
            Checks.DatastoreUsable(server, ds, host);
            if (!disk.ThinProvisioned) needed[ds] = needed.GetValueOrDefault(ds) + disk.CapacityBytes;
        }
        foreach (var (ds, bytes) in needed) Checks.Space(server, ds, bytes);
    }

    public static void CheckNics(ServiceInstance server, HostSystem host, IReadOnlyList<VirtualNicSpec> nics)
    {
        foreach (var nic in nics)
            if (!host.Networks.Any(n => n.Name == nic.NetworkName))
                throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound, $"Network '{nic.NetworkName}' is not present on host '{host.Name}'.", server.MoRefOf(host));
    }

    public static VirtualDisk AddDisk(VSphereSite site, ServiceInstance server, VirtualMachine vm, VirtualDiskSpec spec)
    {
        var ds = Resolve(server, spec.Datastore) ?? vm.Datastore;
        var unit = Enumerable.Range(0, MaxUnits).First(u => u != ControllerUnit && vm.Disks.All(d => d.UnitNumber != u));
        var index = vm.Disks.Count;
        var file = $"{vm.Folder}/{vm.Name}{(index == 0 ? "" : $"_{index}")}.vmdk";
        var disk = new VirtualDisk
        {
            Key = 2000 + unit,
            UnitNumber = unit,
            CapacityBytes = spec.CapacityBytes,
            Thin = spec.ThinProvisioned,
            Uuid = site.Identities.NextGuid(),
            Datastore = ds,
        };
        disk.Chain.Add(file);
        Directory.CreateDirectory(ds.LocalPath(vm.Folder));
        DiskFiles.CreateVmDisk(ds.LocalPath(file), disk.CapacityBytes, disk.Thin, disk.Uuid, AdapterType(vm.ScsiController), site.Clock.GetUtcNow());
        vm.Disks.Add(disk);
        ds.Disks.Add(disk);
        return disk;
    }

    /// <summary>
    /// Existing disks to attach (a master target hot-adds a protected VM's VMDKs): each is a disk of some VM, on a datastore
    /// the VM's host mounts, not attached to the VM already; up to four SCSI controllers of 15 disks each.
    /// </summary>
    public static void CheckAttach(ServiceInstance server, VirtualMachine vm, IReadOnlyList<string> paths)
    {
        if (vm.Disks.Count + paths.Count > 4 * (MaxUnits - 1))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Four SCSI controllers hold at most {4 * (MaxUnits - 1)} disks.", server.MoRefOf(vm));
        foreach (var path in paths)
        {
            if (vm.Disks.Any(d => d.FileName == path))
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"{path} is already attached to '{vm.Name}'.", server.MoRefOf(vm));
            var disk = FindDisk(vm.Host, path)
                ?? throw new VSphereFault(VSphereFaultType.FileNotFound, $"File {path} was not found on a datastore host '{vm.Host.Name}' mounts.", server.MoRefOf(vm));
            Checks.DatastoreUsable(server, disk.Datastore, vm.Host);
        }
    }

    /// <summary>Attaches the existing disk <paramref name="path"/> (checked by <see cref="CheckAttach"/>) on the next free SCSI unit.</summary>
    public static void AttachDisk(VirtualMachine vm, string path)
    {
        var source = FindDisk(vm.Host, path)!;
        var unit = Enumerable.Range(0, 4 * MaxUnits).First(u => u % MaxUnits != ControllerUnit && vm.Disks.All(d => d.UnitNumber != u));
        var disk = new VirtualDisk
        {
            Key = 2000 + unit, UnitNumber = unit, CapacityBytes = source.CapacityBytes, Thin = source.Thin, Uuid = source.Uuid, Datastore = source.Datastore,
        };
        disk.Chain.AddRange(source.Chain);
        vm.Disks.Add(disk); // the datastore already counts the file, under the VM that made it
    }

    /// <summary>The disk whose current file is <paramref name="path"/>, on a datastore <paramref name="host"/> mounts.</summary>
    private static VirtualDisk? FindDisk(HostSystem host, string path) =>
        host.Datastores.SelectMany(ds => ds.Disks).FirstOrDefault(d => d.FileName == path);

    public static VirtualEthernetCard AddNic(VSphereSite site, VirtualMachine vm, VirtualNicSpec spec)
    {
        Span<byte> mac = stackalloc byte[3];
        site.Identities.NextBytes(mac);
        var nic = new VirtualEthernetCard(4000 + vm.Nics.Count, spec.NetworkName, $"00:50:56:{mac[0] & 0x3F:x2}:{mac[1]:x2}:{mac[2]:x2}");
        vm.Nics.Add(nic);
        return nic;
    }

    /// <summary>The VMDK <c>ddb.adapterType</c> for the controller (ESXi writes lsilogic for the SCSI controllers).</summary>
    public static string AdapterType(ScsiControllerType controller) => controller == ScsiControllerType.BusLogic ? "buslogic" : "lsilogic";

    private static Datastore? Resolve(ServiceInstance server, ManagedObjectReference? moRef) =>
        moRef is not { } r ? null
            : server.MoRefs.Find(r) as Datastore ?? throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound, $"No datastore {r.Value} on {server.Name}.", r);
}
