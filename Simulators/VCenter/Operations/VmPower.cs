using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>PowerOnVM_Task and PowerOffVM_Task.</summary>
internal static class VmPower
{
    public static void CheckOn(ServiceInstance server, VirtualMachine vm)
    {
        Checks.StillExists(server, vm);
        Checks.PowerState(server, vm, VirtualMachinePowerState.PoweredOff, "powering on");
        Checks.HostWritable(server, vm.Host);
        Checks.DatastoresAccessible(server, vm);
        Admit(server, vm, vm.MemoryReservationMB);
    }

    /// <summary>
    /// ESXi's admission control: configured memory may exceed the host's (overcommit); a reservation must fit what the
    /// powered-on VMs have not reserved (InsufficientMemoryResourcesFault, an InsufficientResourcesFault). vSphere HA's
    /// cluster admission control and CPU reservations are not modelled.
    /// </summary>
    public static void Admit(ServiceInstance server, VirtualMachine vm, int reservationMB)
    {
        var free = vm.Host.MemoryBytes - vm.Host.ReservedMemoryBytes + (vm.IsPoweredOn ? (long)vm.MemoryReservationMB << 20 : 0);
        if ((long)reservationMB << 20 > free)
            throw new VSphereFault(VSphereFaultType.InsufficientResourcesFault,
                $"Insufficient memory resources: host '{vm.Host.Name}' has {free >> 20} MB unreserved; '{vm.Name}' reserves {reservationMB} MB.",
                server.MoRefOf(vm.Host));
    }

    public static void CheckOff(ServiceInstance server, VirtualMachine vm)
    {
        Checks.StillExists(server, vm);
        Checks.PowerState(server, vm, VirtualMachinePowerState.PoweredOn, "powering off");
        Checks.HostWritable(server, vm.Host);
    }

    public static void Commit(VSphereSite site, VirtualMachine vm, VirtualMachinePowerState state)
    {
        vm.PowerState = state;
        site.Changes.Record(vm, ObjectUpdateKind.Modify, "runtime.powerState", "guest.toolsRunningStatus");
        site.Trace.Emit("vcenter", "vm.power", ("vm", vm.Name), ("state", state));
    }
}
