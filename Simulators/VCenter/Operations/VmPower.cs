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
        var needed = (long)vm.MemoryMB << 20;
        if (vm.Host.CommittedMemoryBytes + needed > vm.Host.MemoryBytes)
            throw new VSphereFault(VSphereFaultType.InsufficientResources,
                $"Host '{vm.Host.Name}' has {(vm.Host.MemoryBytes - vm.Host.CommittedMemoryBytes) >> 20} MB of memory left; '{vm.Name}' needs {vm.MemoryMB} MB.",
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
