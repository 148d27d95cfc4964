using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Tasks;

/// <summary>
/// Turns a fault rule's fault name into what a real vCenter would do. The vSphere fault names
/// (NoPermission, InvalidState, ResourceInUse, InsufficientResourcesFault, NotFound, HostNotConnected, and
/// the rest of <see cref="VSphereFaultType"/>) fail the call with that fault. Two names change the
/// site first: <c>HostDisconnect</c> disconnects the host involved (then HostNotConnected), and
/// <c>DatastoreInaccessible</c> takes the datastores involved offline (then InaccessibleDatastore).
/// </summary>
public static class FaultInjector
{
    public const string HostDisconnect = "HostDisconnect";
    public const string DatastoreInaccessible = "DatastoreInaccessible";

    /// <summary>
    /// The vCenter's fault site: the log-in, opening a disk, and every task method (a test keeps this list equal to
    /// the methods the session starts).
    /// </summary>
    public static FaultSite Site { get; } = new("vcenter",
        ["Login", "OpenVirtualDisk", "RetrieveProperties", "CreateVM_Task", "RegisterVM_Task", "Destroy_Task", "PowerOnVM_Task", "PowerOffVM_Task",
         "ReconfigVM_Task", "CreateSnapshot_Task", "RemoveSnapshot_Task", "RemoveAllSnapshots_Task", "RelocateVM_Task", "AddHost_Task",
         "AddStandaloneHost_Task", "UpdateAssignedLicense"],
        [HostDisconnect, DatastoreInaccessible, "NotFound", .. Enum.GetNames<VSphereFaultType>()]);

    public static VSphereFault Raise(VSphereSite site, ServiceInstance server, ManagedEntity? entity, string fault, string? detail)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(server);
        var obj = entity is null ? (ManagedObjectReference?)null : server.MoRefOf(entity);
        var what = entity?.ToString() ?? server.Name;
        var suffix = detail is null ? " (injected)" : $" (injected: {detail})";
        if (fault.Equals(HostDisconnect, StringComparison.OrdinalIgnoreCase))
        {
            var host = HostOf(entity) ?? server.AgentOf;
            if (host is null) return new VSphereFault(VSphereFaultType.HostNotConnected, $"No host is involved with {what}{suffix}.", obj);
            site.SetHostConnectionState(host, HostSystemConnectionState.Disconnected);
            return new VSphereFault(VSphereFaultType.HostNotConnected, $"Host '{host.Name}' is not connected{suffix}.", server.MoRefOf(host));
        }
        if (fault.Equals(DatastoreInaccessible, StringComparison.OrdinalIgnoreCase))
        {
            var stores = DatastoresOf(entity).ToList();
            foreach (var ds in stores) site.SetDatastoreAccessible(ds, false);
            return new VSphereFault(VSphereFaultType.InaccessibleDatastore,
                $"Datastore {string.Join(", ", stores.Select(d => $"'{d.Name}'"))} is not accessible{suffix}.", stores.Count > 0 ? server.MoRefOf(stores[0]) : obj);
        }
        var type = fault.Equals("NotFound", StringComparison.OrdinalIgnoreCase) ? VSphereFaultType.ManagedObjectNotFound
            : Enum.TryParse<VSphereFaultType>(fault, ignoreCase: true, out var parsed) ? parsed
            : throw new ArgumentException(
                $"Fault rule names '{fault}', which the vCenter simulator does not know. Use {HostDisconnect}, {DatastoreInaccessible}, NotFound or one of: {string.Join(", ", Enum.GetNames<VSphereFaultType>())}.",
                nameof(fault));
        return new VSphereFault(type, $"{type} on {what}{suffix}.", obj, type == VSphereFaultType.NoPermission ? detail : null);
    }

    private static HostSystem? HostOf(ManagedEntity? entity) => entity switch
    {
        HostSystem h => h,
        VirtualMachine vm => vm.Host,
        VirtualMachineSnapshot s => s.Vm.Host,
        _ => null,
    };

    private static IEnumerable<Datastore> DatastoresOf(ManagedEntity? entity) => entity switch
    {
        Datastore ds => [ds],
        VirtualMachine vm => vm.AllDatastores,
        VirtualMachineSnapshot s => s.Vm.AllDatastores,
        HostSystem h => h.Datastores,
        _ => [],
    };
}
