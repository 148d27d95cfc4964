using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>CreateVM_Task: checks everything first, then writes the VM's folder, disks and .vmx.</summary>
internal static class VmCreation
{
    /// <param name="viaApi">False for scenario set-up, which builds the site as it already is and so is not bound by a free licence.</param>
    public static void Check(ServiceInstance server, HostSystem host, Datastore datastore, VirtualMachineConfigSpec spec, bool viaApi = true)
    {
        Checks.VmName(spec.Name);
        if (spec.GuestId is null) throw new VSphereFault(VSphereFaultType.InvalidArgument, "A new VM needs a guest id (e.g. centos6_64Guest).");
        GuestOsCatalog.Find(spec.GuestId);
        if (viaApi) Checks.HostWritable(server, host);
        else Checks.HostUsable(server, host);
        Checks.HardwareVersion(server, host, spec.HardwareVersion ?? DefaultHardware(host));
        Checks.DatastoreUsable(server, datastore, host);
        Checks.UniqueVmName(server, host, spec.Name!);
        if (spec.NumCpu is { } cpu && (cpu < 1 || cpu > host.CpuCores))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"{cpu} virtual CPUs do not fit host '{host.Name}' ({host.CpuCores} cores).");
        if (spec.MemoryMB is { } mb && (mb < 4 || (long)mb << 20 > host.MemoryBytes))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"{mb} MB of memory does not fit host '{host.Name}'.");
        if (spec.MemoryReservationMB is { } reservation && (reservation < 0 || reservation > (spec.MemoryMB ?? 4096)))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"A memory reservation of {reservation} MB is outside 0 to the VM's memory.");
        VmDevices.CheckDisks(server, null, host, datastore, spec.AddDisks);
        VmDevices.CheckNics(server, host, spec.AddNics);
    }

    public static VirtualMachine Commit(VSphereSite site, ServiceInstance server, HostSystem host, Datastore datastore, VirtualMachineConfigSpec spec)
    {
        var os = GuestOsCatalog.Find(spec.GuestId!);
        var name = spec.Name!;
        var vm = new VirtualMachine(name)
        {
            Uuid = site.Identities.NextGuid(),
            InstanceUuid = site.Identities.NextGuid(),
            GuestId = os.GuestId,
            HardwareVersion = spec.HardwareVersion ?? DefaultHardware(host),
            NumCpu = spec.NumCpu ?? 2,
            MemoryMB = spec.MemoryMB ?? 4096,
            MemoryReservationMB = spec.MemoryReservationMB ?? 0,
            ScsiController = spec.ScsiController ?? ScsiControllerType.LsiLogic,
            Host = host,
            Datastore = datastore,
            Folder = FreeFolder(datastore, name),
            VmxName = $"{name}.vmx",
            Guest = new GuestState { OsName = os.FullName, IsLinux = os.IsLinux, HostName = name },
        };
        Directory.CreateDirectory(datastore.LocalPath(vm.Folder));
        foreach (var (key, value) in spec.ExtraConfig ?? new Dictionary<string, string>())
            if (value.Length > 0) vm.ExtraConfig[key] = value;
        foreach (var disk in spec.AddDisks) VmDevices.AddDisk(site, server, vm, disk);
        foreach (var nic in spec.AddNics) VmDevices.AddNic(site, vm, nic);
        vm.Guest = vm.Guest with
        {
            Nics = vm.Nics.Select((n, i) => new GuestNic(os.IsLinux ? $"eth{i}" : $"Ethernet{i}", AddressMode.Dhcp, null)).ToList(),
            Packages = new HashSet<string>(os.Packages, StringComparer.Ordinal),
        };
        host.Vms.Add(vm);
        VmxFile.Write(vm);
        site.Changes.Record(vm, ObjectUpdateKind.Enter, "name", "config", "runtime.host", "layoutEx.file");
        foreach (var ds in vm.AllDatastores) site.Changes.Record(ds, ObjectUpdateKind.Modify, "summary.freeSpace", "vm");
        site.Trace.Emit("vcenter", "vm.created", ("vm", name), ("host", host.Name), ("datastore", datastore.Name), ("uuid", vm.Uuid), ("disks", vm.Disks.Count));
        return vm;
    }

    private static string DefaultHardware(HostSystem host) => $"vmx-{EsxiBuilds.MaxHardwareVersion(host.Version)}";

    /// <summary>vSphere names the folder after the VM, with a suffix when a folder of that name is left over.</summary>
    public static string FreeFolder(Datastore datastore, string name)
    {
        var folder = name;
        for (var i = 1; Directory.Exists(datastore.LocalPath(folder)); i++) folder = $"{name}_{i}";
        return folder;
    }
}
