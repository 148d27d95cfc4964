using Failback.Engine.Ports;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Operations;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;
using Failback.Simulators.VCenter.Tasks;

namespace Failback.Simulators.VCenter.Session;

/// <summary>
/// One account logged in to one server. Every call resolves references on this server (unknown:
/// ManagedObjectNotFound), checks the account's privileges (missing: NoPermission naming the
/// privilege and object), then starts a task whose body checks the state, takes its time and commits.
/// </summary>
internal sealed class VSphereSession(VSphereSite site, ServiceInstance server, Account account) : IVSphereSession
{
    private bool _loggedOut;

    public AboutInfo About => server.About;
    public string UserName => account.UserName;

    private Views Views => new(server, account);

    // ---- discovery ----

    public async Task<InventoryView> RetrieveInventoryAsync(CancellationToken cancellationToken = default)
    {
        Require(Privileges.SystemView, null);
        // PropertyCollector.RetrieveContents is a plain call in vSphere: it answers at once and leaves no task behind.
        await Call(cancellationToken);
        if (site.Simulation.Faults.Consult("vcenter", "RetrieveProperties", server.Name) is { } hit)
        {
            await site.Clock.Delay(hit.Delay, cancellationToken);
            if (hit.Fault is { } fault) throw FaultInjector.Raise(site, server, null, fault, hit.Detail);
        }
        return Views.Inventory(site.Changes.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<VirtualMachineInfo> GetVirtualMachineAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        await Call(cancellationToken);
        return Views.Vm(Resolve<VirtualMachine>(vm));
    }

    public async Task<HostSystemInfo> GetHostAsync(ManagedObjectReference host, CancellationToken cancellationToken = default)
    {
        await Call(cancellationToken);
        return Views.Host(Resolve<HostSystem>(host));
    }

    public async Task<DatastoreInfo> GetDatastoreAsync(ManagedObjectReference datastore, CancellationToken cancellationToken = default)
    {
        await Call(cancellationToken);
        return Views.Datastore(Resolve<Datastore>(datastore));
    }

    public async Task<bool> HasPrivilegeOnEntityAsync(ManagedObjectReference entity, string privilegeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(privilegeId);
        // AuthorizationManager.HasPrivilegeOnEntity is a plain call: it answers at once and leaves no task behind.
        await Call(cancellationToken);
        Resolve<ManagedEntity>(entity);
        return account.Role.Has(privilegeId);
    }

    public async Task<ManagedObjectReference?> FindVmByUuidAsync(string uuid, CancellationToken cancellationToken = default)
    {
        await Call(cancellationToken);
        Require(Privileges.SystemView, null);
        var vm = server.Hosts.SelectMany(h => h.Vms).FirstOrDefault(v => v.Uuid.ToString().Equals(uuid, StringComparison.OrdinalIgnoreCase));
        return vm is null ? null : server.MoRefOf(vm);
    }

    public async Task<GuestState> ReadGuestAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        await Call(cancellationToken);
        var machine = Resolve<VirtualMachine>(vm);
        Require(Privileges.SystemRead, machine);
        if (machine.ToolsRunningStatus != ToolsRunningStatus.GuestToolsRunning)
            throw new VSphereFault(VSphereFaultType.InvalidState, $"VMware Tools is not running in '{machine.Name}' ({machine.PowerState}); the guest cannot be read.", vm);
        return machine.Guest;
    }

    public async Task WriteGuestAsync(ManagedObjectReference vm, GuestState guest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guest);
        await Call(cancellationToken);
        var machine = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmAddExistingDisk, machine);
        if (machine.IsPoweredOn)
            throw new VSphereFault(VSphereFaultType.InvalidState, $"'{machine.Name}' is powered on: its disks are in use, so what is on them cannot be written; power it off first.", vm);
        site.SetGuestState(machine, guest);
    }

    // ---- virtual machines ----

    public Task<ManagedObjectReference> CreateVmAsync(ManagedObjectReference host, ManagedObjectReference datastore, VirtualMachineConfigSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var h = Resolve<HostSystem>(host);
        var ds = Resolve<Datastore>(datastore);
        Require(Privileges.VmCreate, h);
        Require(Privileges.DatastoreAllocateSpace, ds);
        return Start("CreateVM_Task", "Folder.createVm", "Create virtual machine", h, async ctx =>
        {
            VmCreation.Check(server, h, ds, spec);
            await ctx.Work();
            VmCreation.Check(server, h, ds, spec);
            var vm = VmCreation.Commit(site, server, h, ds, spec);
            ctx.Event("VmCreatedEvent", vm, $"Created virtual machine {vm.Name} on {h.Name}");
            return server.MoRefOf(vm);
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> RegisterVmAsync(ManagedObjectReference host, string vmxPath, string? name = null, CancellationToken cancellationToken = default)
    {
        var h = Resolve<HostSystem>(host);
        Require(Privileges.VmRegister, h);
        return Start("RegisterVM_Task", "Folder.registerVm", "Register virtual machine", h, async ctx =>
        {
            VmRegistration.Check(site, server, h, vmxPath, name);
            await ctx.Work();
            var (ds, path) = VmRegistration.Check(site, server, h, vmxPath, name);
            var vm = VmRegistration.Commit(site, h, ds, path, name);
            ctx.Event("VmRegisteredEvent", vm, $"Registered {vm.Name} on {h.Name}");
            return server.MoRefOf(vm);
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> DestroyVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmDelete, v);
        return Start("Destroy_Task", "VirtualMachine.destroy", "Delete virtual machine", v, async ctx =>
        {
            VmDestruction.Check(site, server, v);
            await ctx.Work();
            VmDestruction.Check(site, server, v);
            ctx.Event("VmRemovedEvent", v, $"Removed {v.Name} on {v.Host.Name}");
            VmDestruction.Commit(site, v);
            return null;
        }, cancellationToken);
    }

    public async Task UnregisterVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmUnregister, v);
        await Call(cancellationToken);
        VmDestruction.CheckUnregister(site, server, v);
        site.Events.Post(server, 0, "VmRemovedEvent", account.UserName, v, $"Removed {v.Name} on {v.Host.Name} from the inventory");
        VmDestruction.Unregister(site, v);
    }

    public Task<ManagedObjectReference> PowerOnVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmPowerOn, v);
        return Start("PowerOnVM_Task", "VirtualMachine.powerOn", "Power On virtual machine", v, async ctx =>
        {
            VmPower.CheckOn(server, v);
            await ctx.Work();
            VmPower.CheckOn(server, v);
            VmPower.Commit(site, v, VirtualMachinePowerState.PoweredOn);
            ctx.Event("VmPoweredOnEvent", v, $"{v.Name} on {v.Host.Name} is powered on");
            return null;
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> PowerOffVmAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmPowerOff, v);
        return Start("PowerOffVM_Task", "VirtualMachine.powerOff", "Power Off virtual machine", v, async ctx =>
        {
            VmPower.CheckOff(server, v);
            await ctx.Work();
            VmPower.CheckOff(server, v);
            VmPower.Commit(site, v, VirtualMachinePowerState.PoweredOff);
            ctx.Event("VmPoweredOffEvent", v, $"{v.Name} on {v.Host.Name} is powered off");
            return null;
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> ReconfigureVmAsync(ManagedObjectReference vm, VirtualMachineConfigSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var v = Resolve<VirtualMachine>(vm);
        if (spec.ExtraConfig is { Count: > 0 }) Require(Privileges.VmAdvancedConfig, v);
        if (spec.Name is not null || spec.NumCpu is not null || spec.MemoryMB is not null || spec.GuestId is not null || spec.HardwareVersion is not null || spec.ScsiController is not null)
            Require(Privileges.VmSettings, v);
        if (spec.AddDisks.Count > 0) Require(Privileges.VmAddNewDisk, v);
        if (spec.AddNics.Count > 0) Require(Privileges.VmAddRemoveDevice, v);
        if (spec.AttachDisks.Count > 0) Require(Privileges.VmAddExistingDisk, v);
        if (spec.DetachDisks.Count > 0) Require(Privileges.VmRemoveDisk, v);
        return Start("ReconfigVM_Task", "VirtualMachine.reconfigure", "Reconfigure virtual machine", v, async ctx =>
        {
            VmReconfiguration.Check(server, v, spec);
            await ctx.Work();
            VmReconfiguration.Check(server, v, spec);
            VmReconfiguration.Commit(site, server, v, spec);
            ctx.Event("VmReconfiguredEvent", v, $"Reconfigured {v.Name} on {v.Host.Name}");
            return null;
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> CreateSnapshotAsync(ManagedObjectReference vm, string name, string description = "", bool memory = false, bool quiesce = false,
        CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmCreateSnapshot, v);
        return Start("CreateSnapshot_Task", "VirtualMachine.createSnapshot", "Create virtual machine snapshot", v, async ctx =>
        {
            VmSnapshots.CheckCreate(site, server, v, name, quiesce);
            await ctx.Work();
            VmSnapshots.CheckCreate(site, server, v, name, quiesce);
            var snapshot = VmSnapshots.Create(site, server, v, name, description, quiesce);
            ctx.Event("EventEx", v, $"Virtual machine {v.Name} snapshot '{name}' created");
            return server.MoRefOf(snapshot);
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> RemoveSnapshotAsync(ManagedObjectReference snapshot, bool removeChildren = false, CancellationToken cancellationToken = default)
    {
        var s = Resolve<VirtualMachineSnapshot>(snapshot);
        Require(Privileges.VmRemoveSnapshot, s.Vm);
        return Start("RemoveSnapshot_Task", "vm.Snapshot.remove", "Remove snapshot", s.Vm, async ctx =>
        {
            VmSnapshots.CheckRemove(site, server, s.Vm);
            Checks.StillExists(server, s);
            await ctx.Work();
            VmSnapshots.CheckRemove(site, server, s.Vm);
            Checks.StillExists(server, s);
            if (!s.Vm.AllSnapshots.Contains(s))
                throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound, $"Snapshot '{s.Name}' was already removed.", snapshot);
            VmSnapshots.Remove(site, s.Vm, s, removeChildren);
            ctx.Event("EventEx", s.Vm, $"Virtual machine {s.Vm.Name} snapshot '{s.Name}' removed");
            return null;
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> RemoveAllSnapshotsAsync(ManagedObjectReference vm, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        Require(Privileges.VmRemoveSnapshot, v);
        return Start("RemoveAllSnapshots_Task", "VirtualMachine.removeAllSnapshots", "Remove all snapshots", v, async ctx =>
        {
            VmSnapshots.CheckRemove(site, server, v);
            await ctx.Work();
            VmSnapshots.CheckRemove(site, server, v);
            VmSnapshots.RemoveAll(site, v);
            ctx.Event("EventEx", v, $"All snapshots of {v.Name} removed");
            return null;
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> RelocateVmAsync(ManagedObjectReference vm, VirtualMachineRelocateSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var v = Resolve<VirtualMachine>(vm);
        var host = spec.Host is { } hr ? Resolve<HostSystem>(hr) : null;
        var ds = spec.Datastore is { } dr ? Resolve<Datastore>(dr) : null;
        Require(v.IsPoweredOn ? Privileges.ResourceHotMigrate : Privileges.ResourceColdMigrate, v);
        if (ds is not null) Require(Privileges.DatastoreAllocateSpace, ds);
        return Start("RelocateVM_Task", "VirtualMachine.relocate", "Relocate virtual machine", v, async ctx =>
        {
            VmRelocation.Check(site, server, v, host, ds);
            await ctx.Work(VmRelocation.BytesToCopy(v, ds));
            VmRelocation.Check(site, server, v, host, ds);
            var fromHost = v.Host.Name;
            VmRelocation.Commit(site, v, host, ds);
            ctx.Event(ds is null ? "VmMigratedEvent" : "VmRelocatedEvent", v, $"Migrated {v.Name} from {fromHost} to {v.Host.Name}, datastore {v.Datastore.Name}");
            return null;
        }, cancellationToken);
    }

    // ---- hosts and licences ----

    public Task<ManagedObjectReference> AddHostAsync(ManagedObjectReference clusterOrDatacenter, HostConnectSpec spec, string? licenseKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parent = Resolve<ManagedEntity>(clusterOrDatacenter);
        var (datacenter, cluster, method, privilege) = parent switch
        {
            ClusterComputeResource c => (c.Datacenter, c, "AddHost_Task", Privileges.HostAddToCluster),
            Datacenter d when server.IsVCenter => (d, (ClusterComputeResource?)null, "AddStandaloneHost_Task", Privileges.HostAddStandalone),
            _ => throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Hosts are added to a cluster or a vCenter datacenter, not to {parent}.", clusterOrDatacenter),
        };
        Require(privilege, parent);
        return Start(method, method == "AddHost_Task" ? "ClusterComputeResource.addHost" : "Folder.addStandaloneHost", "Add host", parent, async ctx =>
        {
            HostManagement.CheckAdd(site, server, spec, licenseKey);
            await ctx.Work();
            var host = HostManagement.CheckAdd(site, server, spec, licenseKey);
            HostManagement.Add(site, host, datacenter, cluster, licenseKey);
            ctx.Event("HostAddedEvent", host, $"Added host {host.Name} to datacenter {datacenter.Name}");
            return server.MoRefOf(host);
        }, cancellationToken);
    }

    public Task<ManagedObjectReference> AssignLicenseAsync(ManagedObjectReference host, string licenseKey, CancellationToken cancellationToken = default)
    {
        var h = Resolve<HostSystem>(host);
        Require(Privileges.GlobalLicenses, h);
        return Start("UpdateAssignedLicense", "LicenseAssignmentManager.updateAssignedLicense", "Assign licence", h, async ctx =>
        {
            var license = HostManagement.FindLicense(site, licenseKey);
            Checks.HostUsable(server, h);
            await ctx.Work();
            Checks.HostUsable(server, h);
            HostManagement.AssignLicense(site, h, license);
            ctx.Event("EventEx", h, $"Licence {license.Edition} assigned to host {h.Name}");
            return license.Edition;
        }, cancellationToken);
    }

    // ---- tasks, events, changes ----

    public TaskInfo GetTaskInfo(ManagedObjectReference task) => FindTask(task).Info;

    public async Task<TaskInfo> WaitForTaskAsync(ManagedObjectReference task, CancellationToken cancellationToken = default)
    {
        var found = FindTask(task);
        // No RunContinuationsAsynchronously: Task.WhenAny would then finish on the thread pool, outside the kernel.
        var cancelled = new TaskCompletionSource<TaskInfo>();
        using var registration = cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken));
        return await await Task.WhenAny(new[] { found.Done.Task, cancelled.Task });
    }

    public IReadOnlyList<TaskInfo> RecentTasks()
    {
        Require(Privileges.SystemView, null);
        return server.Tasks.All;
    }

    public async Task<IReadOnlyList<VSphereEvent>> QueryEventsAsync(EventFilterSpec filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await Call(cancellationToken);
        Require(Privileges.SystemView, null);
        return site.Events.Query(server, account, filter);
    }

    public UpdateSet CheckForUpdates(string version)
    {
        Require(Privileges.SystemView, null);
        return site.Changes.Since(server, account, version);
    }

    public Task<UpdateSet> WaitForUpdatesAsync(string version, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        Require(Privileges.SystemView, null);
        return site.Changes.WaitAsync(server, account, version, maxWait, cancellationToken);
    }

    // ---- disks ----

    public async Task<IBlockDevice> OpenVirtualDiskAsync(ManagedObjectReference host, string datastorePath, bool writable, CancellationToken cancellationToken = default)
    {
        var h = Resolve<HostSystem>(host);
        Require(Privileges.VmAddExistingDisk, h);
        await Call(cancellationToken);
        if (site.Simulation.Faults.Consult("vcenter", "OpenVirtualDisk", host.Value) is { } hit)
        {
            await site.Clock.Delay(hit.Delay, cancellationToken);
            if (hit.Fault is { } fault) throw FaultInjector.Raise(site, server, h, fault, hit.Detail);
        }
        Checks.HostUsable(server, h);
        var path = DatastorePath.Parse(datastorePath);
        var ds = site.Datastores.FirstOrDefault(d => d.Name == path.Datastore && server.Sees(d))
            ?? throw new VSphereFault(VSphereFaultType.FileNotFound, $"File {datastorePath} was not found: {server.Name} has no datastore '{path.Datastore}'.");
        Require(Privileges.DatastoreBrowse, ds);
        Checks.DatastoreUsable(server, ds, h);
        var local = ds.LocalPath(path.Path);
        if (!path.Path.EndsWith(".vmdk", StringComparison.Ordinal) || !File.Exists(local))
            throw new VSphereFault(VSphereFaultType.FileNotFound, $"File {datastorePath} was not found.");
        var owner = site.Vms.SelectMany(v => v.Disks.Select(d => (Vm: v, Disk: d))).FirstOrDefault(x => x.Disk.Datastore == ds && x.Disk.Chain.Contains(path.Path));
        if (owner.Vm is { IsPoweredOn: true })
            throw new VSphereFault(VSphereFaultType.FileLocked, $"File {datastorePath} is locked: its VM '{owner.Vm.Name}' is powered on.", server.MoRefOf(owner.Vm));
        if (writable && owner.Disk is { } disk && disk.Current != path.Path)
            throw new VSphereFault(VSphereFaultType.ResourceInUse, $"File {datastorePath} is a snapshot's frozen point; only the newest file of the chain ({disk.FileName}) can be written.");
        site.Trace.Emit("vcenter", "disk.opened", ("server", server.Name), ("host", h.Name), ("path", datastorePath), ("writable", writable));
        return new DatastoreDisk(site, ds, local, owner.Disk, writable);
    }

    public async Task<IBlockDevice> OpenGuestDiskAsync(ManagedObjectReference vm, int diskKey, CancellationToken cancellationToken = default)
    {
        var v = Resolve<VirtualMachine>(vm);
        // The handle writes the guest's disk: an account that may only look (System.View/Read) gets none.
        Require(Privileges.VmGuestModify, v);
        await Call(cancellationToken);
        Checks.PowerState(server, v, VirtualMachinePowerState.PoweredOn, "reading a disk through the guest");
        var disk = v.Disks.FirstOrDefault(d => d.Key == diskKey)
            ?? throw new VSphereFault(VSphereFaultType.InvalidArgument, $"Virtual machine '{v.Name}' has no disk with device key {diskKey}; its keys are {string.Join(", ", v.Disks.Select(d => d.Key))}.", vm);
        site.Trace.Emit("vcenter", "guest-disk.opened", ("server", server.Name), ("vm", v.Name), ("path", disk.FileName));
        return new DatastoreDisk(site, disk.Datastore, disk.Datastore.LocalPath(disk.Current), disk, writable: true);
    }

    public void Dispose()
    {
        if (_loggedOut) return;
        _loggedOut = true;
        site.Events.Post(server, 0, "UserLogoutSessionEvent", account.UserName, null, $"User {account.UserName} logged out");
    }

    // ---- plumbing ----

    private async Task Call(CancellationToken cancellationToken)
    {
        ThrowIfLoggedOut();
        await site.Clock.Delay(site.Options.CallLatency, cancellationToken);
    }

    private async Task<ManagedObjectReference> Start(string method, string descriptionId, string label, ManagedEntity? entity,
        Func<OperationContext, Task<object?>> body, CancellationToken cancellationToken)
    {
        await Call(cancellationToken);
        return server.Tasks.Start(new Operation(method, descriptionId, label, entity, account, body));
    }

    private T Resolve<T>(ManagedObjectReference moRef) where T : ManagedEntity
    {
        ThrowIfLoggedOut();
        var entity = server.MoRefs.Find(moRef);
        if (entity is not T typed || !server.Sees(entity))
            throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound,
                $"The object {moRef.Type} '{moRef.Value}' has already been deleted or has not been completely created on {server.Name}.", moRef);
        if (!account.Role.Has(Privileges.SystemView)) throw NoPermission(Privileges.SystemView, moRef);
        return typed;
    }

    private void Require(string privilege, ManagedEntity? entity)
    {
        ThrowIfLoggedOut();
        if (account.Role.Has(privilege)) return;
        site.Trace.Emit("vcenter", "permission.denied", ("server", server.Name), ("user", account.UserName), ("privilege", privilege), ("entity", entity?.Name));
        throw NoPermission(privilege, entity is null ? null : server.MoRefOf(entity));
    }

    private VSphereFault NoPermission(string privilege, ManagedObjectReference? moRef) =>
        new(VSphereFaultType.NoPermission,
            $"Permission to perform this operation was denied: '{account.UserName}' (role {account.Role.Name}) lacks {privilege}{(moRef is { } m ? $" on {m.Value}" : "")}.",
            moRef, privilege);

    private SimTask FindTask(ManagedObjectReference task)
    {
        ThrowIfLoggedOut();
        return server.Tasks.Find(task)
            ?? throw new VSphereFault(VSphereFaultType.ManagedObjectNotFound, $"No task '{task.Value}' on {server.Name}.", task);
    }

    private void ThrowIfLoggedOut()
    {
        if (_loggedOut) throw new VSphereFault(VSphereFaultType.NotAuthenticated, $"The session of '{account.UserName}' on {server.Name} has logged out; log in again.");
    }
}
