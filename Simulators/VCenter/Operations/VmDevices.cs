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
