using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>
/// ReconfigVM_Task. CPU, memory, guest id, hardware version and controller can only change while the VM is powered
/// off; configuration parameters (extraConfig, such as <c>disk.EnableUUID</c>) are accepted on a running VM as the API
/// accepts them (vcsim applies them without a power check) and take effect at its next power-on (PRE-7); disks and
/// NICs can be hot-added, existing disks hot-attached and detached (the file stays).
/// </summary>
internal static class VmReconfiguration
{
    public static bool NeedsPoweredOff(VirtualMachineConfigSpec spec) =>
        spec.NumCpu is not null || spec.MemoryMB is not null || spec.ScsiController is not null
        || spec.GuestId is not null || spec.HardwareVersion is not null;

    public static void Check(ServiceInstance server, VirtualMachine vm, VirtualMachineConfigSpec spec)
    {
        Checks.StillExists(server, vm);
        Checks.HostWritable(server, vm.Host);
        if (NeedsPoweredOff(spec))
            Checks.PowerState(server, vm, VirtualMachinePowerState.PoweredOff, "changing CPU, memory, the controller, the guest OS or the hardware version");
        if (spec.Name is { } name && name != vm.Name)
        {
            Checks.VmName(name);
            Checks.UniqueVmName(server, vm.Host, name, vm);
        }
        if (spec.GuestId is { } guestId) GuestOsCatalog.Find(guestId);
        if (spec.HardwareVersion is { } hw && Checks.HardwareVersion(server, vm.Host, hw) < Checks.HardwareVersion(server, vm.Host, vm.HardwareVersion))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Virtual hardware cannot be downgraded from {vm.HardwareVersion} to {hw}.", server.MoRefOf(vm));
        if (spec.NumCpu is { } cpu && (cpu < 1 || cpu > vm.Host.CpuCores))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"{cpu} virtual CPUs do not fit host '{vm.Host.Name}'.", server.MoRefOf(vm));
        if (spec.MemoryMB is { } mb && (mb < 4 || (long)mb << 20 > vm.Host.MemoryBytes))
            throw new VSphereFault(VSphereFaultType.InvalidArgument, $"{mb} MB of memory does not fit host '{vm.Host.Name}'.", server.MoRefOf(vm));
        if (spec.MemoryReservationMB is { } reservation)
        {
            // A reservation changes on a running VM too, if the host admits it.
            if (reservation < 0 || reservation > (spec.MemoryMB ?? vm.MemoryMB))
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"A memory reservation of {reservation} MB is outside 0 to the VM's memory.", server.MoRefOf(vm));
            if (vm.IsPoweredOn) VmPower.Admit(server, vm, reservation);
        }
        foreach (var key in spec.ExtraConfig?.Keys ?? [])
            if (string.IsNullOrWhiteSpace(key) || VmxFile.IsOwnKey(key) || key.Any(char.IsWhiteSpace))
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{key}' cannot be set as a configuration parameter.", server.MoRefOf(vm));
        if (spec.AddDisks.Count > 0) Checks.DatastoresAccessible(server, vm);
        VmDevices.CheckDisks(server, vm, vm.Host, vm.Datastore, spec.AddDisks);
        VmDevices.CheckNics(server, vm.Host, spec.AddNics);
        VmDevices.CheckAttach(server, vm, spec.AttachDisks);
        foreach (var path in spec.DetachDisks)
            if (vm.Disks.All(d => d.FileName != path))
                throw new VSphereFault(VSphereFaultType.InvalidArgument, $"'{vm.Name}' has no disk {path} to remove.", server.MoRefOf(vm));
    }

    public static void Commit(VSphereSite site, ServiceInstance server, VirtualMachine vm, VirtualMachineConfigSpec spec)
    {
        var changed = new List<string>();
        if (spec.Name is { } name && name != vm.Name) { vm.Name = name; changed.Add("name"); }
        if (spec.GuestId is { } guestId) { vm.GuestId = guestId; changed.Add("config.guestId"); }
        if (spec.HardwareVersion is { } hw) { vm.HardwareVersion = hw; changed.Add("config.version"); }
        if (spec.NumCpu is { } cpu) { vm.NumCpu = cpu; changed.Add("config.hardware.numCPU"); }
        if (spec.MemoryMB is { } mb) { vm.MemoryMB = mb; changed.Add("config.hardware.memoryMB"); }
        if (spec.MemoryReservationMB is { } reservation) { vm.MemoryReservationMB = reservation; changed.Add("config.memoryAllocation.reservation"); }
        if (spec.ScsiController is { } controller) { vm.ScsiController = controller; changed.Add("config.hardware.device"); }
        if (spec.ExtraConfig is { Count: > 0 } extra)
        {
            // vSphere removes a key whose new value is empty.
            foreach (var (key, value) in extra)
                if (value.Length == 0) vm.ExtraConfig.Remove(key);
                else vm.ExtraConfig[key] = value;
            changed.Add("config.extraConfig");
        }
        foreach (var disk in spec.AddDisks) VmDevices.AddDisk(site, server, vm, disk);
        foreach (var nic in spec.AddNics) VmDevices.AddNic(site, vm, nic);
        foreach (var path in spec.AttachDisks) VmDevices.AttachDisk(vm, path);
        foreach (var path in spec.DetachDisks) vm.Disks.RemoveAll(d => d.FileName == path);
        if (spec.AddDisks.Count + spec.AddNics.Count + spec.AttachDisks.Count + spec.DetachDisks.Count > 0) changed.Add("config.hardware.device");
        if (spec.AddDisks.Count > 0) changed.Add("layoutEx.file");
        VmxFile.Write(vm);
        site.Changes.Record(vm, ObjectUpdateKind.Modify, changed.ToArray());
        site.Trace.Emit("vcenter", "vm.reconfigured", ("vm", vm.Name), ("changed", string.Join(",", changed)));
    }
}
