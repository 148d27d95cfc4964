using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Disks;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;
using Failback.Simulators.VCenter.Storage;

namespace Failback.Simulators.VCenter.Operations;

/// <summary>
/// CreateSnapshot_Task, RemoveSnapshot_Task and RemoveAllSnapshots_Task. A snapshot freezes each disk's
/// newest file and adds a vmfsSparse child for the writes after it. Removing snapshots consolidates:
/// the newest file is merged into its parent (DiskSim's Consolidate) for as long as that parent is no
/// remaining snapshot's frozen point, so what the VM reads never changes.
/// </summary>
internal static class VmSnapshots
{
    /// <summary>vSphere's limit on the depth of a snapshot chain.</summary>
    public const int MaxDepth = 32;

    public static void CheckCreate(VSphereSite site, ServiceInstance server, VirtualMachine vm, string name, bool quiesce)
    {
        Checks.StillExists(server, vm);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 80)
            throw new VSphereFault(VSphereFaultType.InvalidArgument, "A snapshot needs a name of 1 to 80 characters.");
        Checks.HostWritable(server, vm.Host);
        Checks.DatastoresAccessible(server, vm);
        Checks.FilesNotOpen(site, server, vm);
        if (quiesce && vm.ToolsRunningStatus != ToolsRunningStatus.GuestToolsRunning)
            throw new VSphereFault(VSphereFaultType.InvalidState, $"Cannot quiesce '{vm.Name}': VMware Tools is not running in the guest.", server.MoRefOf(vm));
        if (vm.Disks.Any(d => d.Chain.Count > MaxDepth))
            throw new VSphereFault(VSphereFaultType.TooManySnapshotLevels, $"'{vm.Name}' has reached the maximum of {MaxDepth} snapshot levels.", server.MoRefOf(vm));
    }

    public static VirtualMachineSnapshot Create(VSphereSite site, ServiceInstance server, VirtualMachine vm, string name, string description, bool quiesce)
    {
        var frozen = new Dictionary<int, string>();
        var children = new List<string>();
        try
        {
            foreach (var disk in vm.Disks)
                children.Add(DiskFiles.Snapshot(disk.Datastore.LocalPath(disk.Current), disk.Datastore.Directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageException)
        {
            // All disks or none: the children taken before the failure go, and the VM's chains are as they were.
            foreach (var child in children) DiskFiles.DiscardSnapshot(child);
            throw new VSphereFault(VSphereFaultType.InvalidState, $"An error occurred while taking a snapshot of '{vm.Name}': {e.Message}", server.MoRefOf(vm));
        }
        for (var i = 0; i < vm.Disks.Count; i++)
        {
            var disk = vm.Disks[i];
            frozen[disk.Key] = disk.Current;
            disk.Chain.Add(Relative(disk.Datastore, children[i]));
        }
        var snapshot = new VirtualMachineSnapshot(vm, vm.NextSnapshotId++, name)
        {
            Description = description,
            CreateTime = site.Clock.GetUtcNow(),
            Quiesced = quiesce,
            DiskFiles = frozen,
            Parent = vm.CurrentSnapshot,
        };
        (vm.CurrentSnapshot?.Children ?? vm.RootSnapshots).Add(snapshot);
        vm.CurrentSnapshot = snapshot;
        VmxFile.Write(vm);
        Space.Refresh(vm);
        site.Changes.Record(snapshot, ObjectUpdateKind.Enter, "config");
        site.Changes.Record(vm, ObjectUpdateKind.Modify, "snapshot", "layoutEx.file");
        site.Trace.Emit("vcenter", "snapshot.created", ("vm", vm.Name), ("snapshot", name), ("id", snapshot.Id));
        return snapshot;
    }

    public static void CheckRemove(VSphereSite site, ServiceInstance server, VirtualMachine vm)
    {
        Checks.StillExists(server, vm);
        Checks.HostWritable(server, vm.Host);
        Checks.DatastoresAccessible(server, vm);
        Checks.FilesNotOpen(site, server, vm);
    }

    public static void Remove(VSphereSite site, VirtualMachine vm, VirtualMachineSnapshot snapshot, bool removeChildren)
    {
        var removed = removeChildren ? Flatten(snapshot).ToList() : [snapshot];
        var siblings = snapshot.Parent?.Children ?? vm.RootSnapshots;
        var index = siblings.IndexOf(snapshot);
        siblings.RemoveAt(index);
        if (!removeChildren)
        {
            foreach (var child in snapshot.Children) child.Parent = snapshot.Parent;
            siblings.InsertRange(index, snapshot.Children);
        }
        if (vm.CurrentSnapshot is { } current && removed.Contains(current)) vm.CurrentSnapshot = snapshot.Parent;
        foreach (var s in removed)
        {
            site.Changes.Record(s, ObjectUpdateKind.Leave);
            s.Removed = true;
        }
        Consolidate(site, vm);
    }

    public static void RemoveAll(VSphereSite site, VirtualMachine vm)
    {
        foreach (var s in vm.AllSnapshots)
        {
            site.Changes.Record(s, ObjectUpdateKind.Leave);
            s.Removed = true;
        }
        vm.RootSnapshots.Clear();
        vm.CurrentSnapshot = null;
        Consolidate(site, vm);
    }

    private static void Consolidate(VSphereSite site, VirtualMachine vm)
    {
        var points = vm.AllSnapshots.SelectMany(s => s.DiskFiles.Values).ToHashSet(StringComparer.Ordinal);
        var merged = 0;
        foreach (var disk in vm.Disks)
        {
            // Only the newest file can be merged (nothing else depends on it); stop at a frozen point.
            while (disk.Chain.Count > 1 && !points.Contains(disk.Chain[^2]))
            {
                DiskFiles.Consolidate(disk.Datastore.LocalPath(disk.Current), disk.Datastore.Directory);
                disk.Chain.RemoveAt(disk.Chain.Count - 1);
                merged++;
            }
        }
        VmxFile.Write(vm);
        Space.Refresh(vm);
        site.Changes.Record(vm, ObjectUpdateKind.Modify, "snapshot", "layoutEx.file");
        site.Trace.Emit("vcenter", "snapshot.consolidated", ("vm", vm.Name), ("merged", merged));
    }

    private static IEnumerable<VirtualMachineSnapshot> Flatten(VirtualMachineSnapshot s) => s.Children.SelectMany(Flatten).Prepend(s);

    private static string Relative(Datastore ds, string localPath) => Path.GetRelativePath(ds.Directory, localPath).Replace('\\', '/');
}
