using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>The preconditions vSphere enforces, each failing with the fault a real server returns.</summary>
internal static class Checks
{
    public static void HostUsable(ServiceInstance server, HostSystem host)
    {
        if (!host.IsConnected)
            throw new VSphereFault(VSphereFaultType.HostNotConnected, $"Host '{host.Name}' is {host.ConnectionState}; reconnect it first.", server.MoRefOf(host));
    }

    /// <summary>ESXi free edition answers the API read-only (TS-4): every change fails with RestrictedVersion.</summary>
    public static void HostWritable(ServiceInstance server, HostSystem host)
    {
        HostUsable(server, host);
        if (host.Edition == LicenseEdition.Free)
            throw new VSphereFault(VSphereFaultType.RestrictedVersion,
                $"Current license or ESXi version prohibits execution of the requested operation: host '{host.Name}' runs the free edition of ESXi {host.Version}; assign an evaluation or paid licence.",
                server.MoRefOf(host));
    }

    public static void DatastoreUsable(ServiceInstance server, Datastore datastore, HostSystem host)
    {
        if (!datastore.Hosts.Contains(host))
            throw new VSphereFault(VSphereFaultType.InaccessibleDatastore, $"Datastore '{datastore.Name}' is not mounted on host '{host.Name}'.", server.MoRefOf(datastore));
        if (!datastore.Accessible)
            throw new VSphereFault(VSphereFaultType.InaccessibleDatastore, $"Datastore '{datastore.Name}' is not accessible (all paths down).", server.MoRefOf(datastore));
    }

    public static void Space(ServiceInstance server, Datastore datastore, long bytes)
    {
        if (bytes > datastore.FreeSpace)
            throw new VSphereFault(VSphereFaultType.InsufficientResourcesFault,
                $"Datastore '{datastore.Name}' has {datastore.FreeSpace} bytes free; {bytes} are needed.", server.MoRefOf(datastore));
    }

    public static void PowerState(ServiceInstance server, VirtualMachine vm, VirtualMachinePowerState required, string action)
    {
        if (vm.PowerState != required)
            throw new VSphereFault(VSphereFaultType.InvalidPowerState,
                $"The attempted operation cannot be performed in the current state ({vm.PowerState}): {action} needs virtual machine '{vm.Name}' {required}.",
                server.MoRefOf(vm));
    }

    /// <summary>A disk file the engine holds open is locked, as ESXi locks the files of a running VM.</summary>
    public static void FilesNotOpen(VSphereSite site, ServiceInstance server, VirtualMachine vm)
    {
        foreach (var disk in vm.Disks)
            foreach (var file in disk.Chain)
                if (site.OpenDisks.ContainsKey(disk.Datastore.LocalPath(file)))
                    throw new VSphereFault(VSphereFaultType.FileLocked, $"The file [{disk.Datastore.Name}] {file} of '{vm.Name}' is locked: it is open elsewhere.", server.MoRefOf(vm));
    }

    public static void DatastoresAccessible(ServiceInstance server, VirtualMachine vm)
    {
        foreach (var ds in vm.AllDatastores)
            if (!ds.Accessible)
                throw new VSphereFault(VSphereFaultType.InaccessibleDatastore, $"Datastore '{ds.Name}' of '{vm.Name}' is not accessible.", server.MoRefOf(ds));
    }

    public static void StillExists(ServiceInstance server, ManagedEntity entity)
    {
        if (!server.Sees(entity))
            throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound, $"{entity} no longer exists on {server.Name}.");
    }

    public static void VmName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 80 || name.IndexOfAny(['/', '\\', '[', ']', '%']) >= 0)
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{name}' is not a valid virtual machine name (1 to 80 characters, no slashes, brackets or %).");
    }

    /// <summary>VM names are unique within a datacenter (its VM folder).</summary>
    public static void UniqueVmName(ServiceInstance server, HostSystem host, string name, VirtualMachine? self = null)
    {
        var datacenter = server.DatacenterOf(host);
        var hosts = datacenter is null || !server.IsVCenter ? [host] : datacenter.Hosts;
        if (hosts.SelectMany(h => h.Vms).Any(v => v != self && v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw new VSphereFault(VSphereFaultType.DuplicateName, $"The name '{name}' already exists in datacenter '{datacenter?.Name ?? host.Name}'.");
    }

    public static int HardwareVersion(ServiceInstance server, HostSystem host, string hardwareVersion)
    {
        if (!hardwareVersion.StartsWith("vmx-", StringComparison.Ordinal) || !int.TryParse(hardwareVersion.AsSpan(4), out var version) || version < 4)
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{hardwareVersion}' is not a virtual hardware version; write it as vmx-13.");
        var max = EsxiBuilds.MaxHardwareVersion(host.Version);
        if (version > max)
            throw new VSphereFault(VSphereFaultType.NotSupported,
                $"Virtual hardware {hardwareVersion} is not supported on host '{host.Name}' (ESXi {host.Version} runs up to vmx-{max}).", server.MoRefOf(host));
        return version;
    }
}
