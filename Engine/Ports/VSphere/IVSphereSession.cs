using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// Connects to a vCenter Server or an ESXi host. Wrong credentials throw <see cref="VSphereFault"/>
/// InvalidLogin; an unknown or unreachable server throws HostConnectFault.
/// </summary>
public interface IVSphereConnector
{
    Task<IVSphereSession> LoginAsync(string server, string userName, string password, CancellationToken cancellationToken = default);
}

/// <summary>
/// The subset of the vSphere API the engine needs, for one logged-in account on one server. What the
/// account sees and may do follows its role. Calls that change the inventory return a Task reference
/// at once; wait for it with <see cref="WaitForTaskAsync"/>. Method faults (NoPermission,
/// ManagedObjectNotFound) are thrown by the call; everything else arrives as the task's error.
/// </summary>
public interface IVSphereSession : IDisposable
{
    AboutInfo About { get; }
    string UserName { get; }

    /// <summary>Discovers the inventory as this account sees it.</summary>
    Task<InventoryView> RetrieveInventoryAsync(CancellationToken cancellationToken = default);
    Task<VirtualMachineInfo> GetVirtualMachineAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    Task<HostSystemInfo> GetHostAsync(ManagedObjectReference host, CancellationToken cancellationToken = default);
    Task<DatastoreInfo> GetDatastoreAsync(ManagedObjectReference datastore, CancellationToken cancellationToken = default);
    /// <summary>
    /// Whether this session's user holds a privilege (e.g. <c>Datastore.AllocateSpace</c>) on an object
    /// (AuthorizationManager.HasPrivilegeOnEntity): a plain call, no task.
    /// </summary>
    Task<bool> HasPrivilegeOnEntityAsync(ManagedObjectReference entity, string privilegeId, CancellationToken cancellationToken = default);
    /// <summary>Finds a VM by its BIOS UUID (SearchIndex.FindByUuid); null when none.</summary>
    Task<ManagedObjectReference?> FindVmByUuidAsync(string uuid, CancellationToken cancellationToken = default);
    /// <summary>Reads the guest state through VMware Tools; the VM must be powered on with Tools running.</summary>
    Task<GuestState> ReadGuestAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);

    /// <summary>CreateVM_Task: a new VM on <paramref name="host"/> with its files on <paramref name="datastore"/>. Result: the VM.</summary>
    Task<ManagedObjectReference> CreateVmAsync(ManagedObjectReference host, ManagedObjectReference datastore, VirtualMachineConfigSpec spec, CancellationToken cancellationToken = default);
    /// <summary>RegisterVM_Task: adds a VM from its .vmx file (<c>[ds] dir/name.vmx</c>). Result: the VM.</summary>
    Task<ManagedObjectReference> RegisterVmAsync(ManagedObjectReference host, string vmxPath, string? name = null, CancellationToken cancellationToken = default);
    /// <summary>Destroy_Task: removes a powered-off VM and deletes its files.</summary>
    Task<ManagedObjectReference> DestroyVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    /// <summary>UnregisterVM: removes a powered-off VM from the inventory and keeps its files (RegisterVM brings it back).</summary>
    Task UnregisterVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    Task<ManagedObjectReference> PowerOnVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    Task<ManagedObjectReference> PowerOffVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    /// <summary>ReconfigVM_Task: extraConfig, CPU, memory and controller need the VM powered off; disks and NICs may be hot-added.</summary>
    Task<ManagedObjectReference> ReconfigureVmAsync(ManagedObjectReference vm, VirtualMachineConfigSpec spec, CancellationToken cancellationToken = default);
    /// <summary>CreateSnapshot_Task. Result: the snapshot.</summary>
    Task<ManagedObjectReference> CreateSnapshotAsync(ManagedObjectReference vm, string name, string description = "", bool memory = false, bool quiesce = false, CancellationToken cancellationToken = default);
    /// <summary>RemoveSnapshot_Task: deletes the snapshot and consolidates its disks; what the VM reads does not change.</summary>
    Task<ManagedObjectReference> RemoveSnapshotAsync(ManagedObjectReference snapshot, bool removeChildren = false, CancellationToken cancellationToken = default);
    Task<ManagedObjectReference> RemoveAllSnapshotsAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default);
    /// <summary>RelocateVM_Task: storage vMotion and/or vMotion; the VM keeps a record of the move.</summary>
    Task<ManagedObjectReference> RelocateVmAsync(ManagedObjectReference vm, VirtualMachineRelocateSpec spec, CancellationToken cancellationToken = default);
    /// <summary>AddHost_Task (cluster) or AddStandaloneHost_Task (datacenter): brings an ESXi host under this vCenter. Result: the host.</summary>
    Task<ManagedObjectReference> AddHostAsync(ManagedObjectReference clusterOrDatacenter, HostConnectSpec spec, string? licenseKey = null, CancellationToken cancellationToken = default);
    /// <summary>LicenseAssignmentManager.UpdateAssignedLicense for a host, run as a task. Result: the new <see cref="LicenseEdition"/>.</summary>
    Task<ManagedObjectReference> AssignLicenseAsync(ManagedObjectReference host, string licenseKey, CancellationToken cancellationToken = default);

    TaskInfo GetTaskInfo(ManagedObjectReference task);
    /// <summary>Completes when the task succeeds or fails; returns its final info (check <see cref="TaskInfo.Error"/>).</summary>
    Task<TaskInfo> WaitForTaskAsync(ManagedObjectReference task, CancellationToken cancellationToken = default);
    /// <summary>The tasks of this server, oldest first (TaskManager.recentTask plus history).</summary>
    IReadOnlyList<TaskInfo> RecentTasks();

    Task<IReadOnlyList<VSphereEvent>> QueryEventsAsync(EventFilterSpec filter, CancellationToken cancellationToken = default);
    /// <summary>The changes after <paramref name="version"/> ("" for everything so far), without waiting.</summary>
    UpdateSet CheckForUpdates(string version);
    /// <summary>Waits until something after <paramref name="version"/> changes, or <paramref name="maxWait"/> passes (then no updates).</summary>
    Task<UpdateSet> WaitForUpdatesAsync(string version, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a virtual disk by datastore path (<c>[ds1] vm/vm.vmdk</c>) as a disk attached to a VM on
    /// <paramref name="host"/> (a master target attaching it): the datastore must be mounted on that
    /// host and accessible. The newest file of a snapshot chain reads through to its parents.
    /// </summary>
    Task<IBlockDevice> OpenVirtualDiskAsync(ManagedObjectReference host, string datastorePath, bool writable, CancellationToken cancellationToken = default);

    /// <summary>
    /// A disk of a running VM as its guest sees it: where the mobility agent inside the guest captures
    /// writes. The VM must be powered on; <paramref name="diskKey"/> is the disk's device key.
    /// </summary>
    Task<IBlockDevice> OpenGuestDiskAsync(ManagedObjectReference vm, int diskKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the guest's configuration (addresses, installed packages) as the disks a master target wrote
    /// hold it: failback brings back the guest that ran in Azure (TS-2, TS-3). The VM must be powered off
    /// (its disks are not in use); it boots with that configuration.
    /// </summary>
    Task WriteGuestAsync(ManagedObjectReference vm, GuestState guest, CancellationToken cancellationToken = default);
}
