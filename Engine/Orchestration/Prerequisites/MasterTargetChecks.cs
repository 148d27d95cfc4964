using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;
using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The on-premises master target named for failback and its ESXi host. An undiscovered master target is LOC-4's
/// alone: the other checks judge only a discovered one.
/// </summary>
internal static class MasterTargetChecks
{
    public const int MaxDisks = 60;

    [RuleCheck("LOC-4")]
    public static AsrError? Discovered(ProtectedItem item, FailbackRequest request) =>
        request.Environment.MasterTarget is null
            ? ErrorCatalog.MasterTargetNotDiscovered.Create($"master target '{request.Input.MasterTarget}' is not discovered")
            : null;

    [RuleCheck("PRE-1")]
    public static AsrError? OnEsxiHost(ProtectedItem item, MasterTargetFacts mt) =>
        mt.OnEsxiHost ? null : ErrorCatalog.NotVmware.Create($"master target '{mt.Name}' is not a VM on an ESXi host");

    /// <summary>The master target's host discovered; a standalone original VM's datastore reachable from it.</summary>
    [RuleCheck("LOC-6")]
    public static IEnumerable<AsrError> HostDiscovered(ProtectedItem item, FailbackRequest request)
    {
        if (request.Environment.MasterTarget is not { } mt) yield break;
        if (!mt.HostDiscovered)
            yield return ErrorCatalog.MasterTargetHostDiscovery.Create($"ESXi host '{mt.HostName}' of master target '{mt.Name}' is not discovered yet");
        if (request.Environment.OriginalVm is { ManagedByVCenter: false } vm && !mt.ReachableDatastores.Contains(vm.Datastore))
            yield return ErrorCatalog.StandaloneDatastoreNotAccessible.Create(DatastoreUnreachable(vm, mt));
    }

    /// <summary>TS-4 on every host failback uses: the master target's, and the host the original VM returns to.</summary>
    [RuleCheck("TS-4")]
    public static IEnumerable<AsrError> HostsLicensed(ProtectedItem item, FailbackRequest request)
    {
        if (request.Environment.MasterTarget is not { } mt) yield break;
        if (mt.HostLicence == HostLicence.Free)
            yield return ErrorCatalog.FreeEsxiLicence.Create($"ESXi host '{mt.HostName}' of master target '{mt.Name}' runs a free licence");
        if (request.Environment.OriginalVm is { HostLicence: HostLicence.Free } vm && !string.Equals(vm.HostName, mt.HostName, StringComparison.Ordinal))
            yield return ErrorCatalog.FreeEsxiLicence.Create($"ESXi host '{vm.HostName}' that VM '{vm.Name}' returns to runs a free licence");
    }

    /// <summary>
    /// disk.EnableUUID is exactly True (case-sensitive, no quotes, the row present) in the value the running master
    /// target uses: one set while it runs takes effect only at its next power-on.
    /// </summary>
    [RuleCheck("PRE-7")]
    public static AsrError? DiskEnableUuid(ProtectedItem item, MasterTargetFacts mt) =>
        IsTrue(mt.DiskEnableUuid) ? null : ErrorCatalog.DiskEnableUuid.Create(
            IsTrue(mt.DiskEnableUuidConfigured) ? $"master target '{mt.Name}' has disk.EnableUUID = 'True' set while it runs: it takes effect when the VM is powered off and on again"
            : mt.DiskEnableUuidConfigured is null ? $"master target '{mt.Name}' has no disk.EnableUUID row"
            : $"master target '{mt.Name}' has disk.EnableUUID = '{mt.DiskEnableUuidConfigured}', not 'True'");

    private static bool IsTrue(string? value) => string.Equals(value, "True", StringComparison.Ordinal);

    [RuleCheck("PRE-8")]
    public static AsrError? NotStorageVMotioned(ProtectedItem item, FailbackRequest request) =>
        request.Environment.MasterTarget is { StorageVMotioned: true } mt
            ? ErrorCatalog.MasterTargetStorageVMotion.Create($"master target '{mt.Name}' was storage-vMotioned{(request.AtFailover ? " after the reprotect" : "")}")
            : null;

    [RuleCheck("MT-1")]
    public static AsrError? Capacity(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { MasterTarget: { } mt, SourceDiskCount: var disks } && mt.AttachedDisks + disks > MaxDisks
            ? ErrorCatalog.MasterTargetCapacity.Create(
                $"master target '{mt.Name}' has {mt.AttachedDisks} disks attached and '{item.Name}' needs {disks} more (limit {MaxDisks})")
            : null;

    /// <summary>At least one volume the retention drive list shows (RP-4's criteria).</summary>
    [RuleCheck("PRE-9")]
    public static AsrError? HasRetentionDrive(ProtectedItem item, MasterTargetFacts mt) =>
        RetentionVolumes.Eligible(mt.Volumes).Any() ? null
            : ErrorCatalog.RetentionDriveMissing.Create($"master target '{mt.Name}' has no volume that can hold the retention journal");

    [RuleCheck("MT-3")]
    public static AsrError? WindowsRegistered(ProtectedItem item, MasterTargetFacts mt) =>
        mt is { IsLinux: false, RegisteredWithConfigurationServer: false }
            ? ErrorCatalog.WindowsMasterTargetRegistration.Create($"master target '{mt.Name}' is not registered")
            : null;

    /// <summary>No snapshot on the master target: with one, reprotect and failback fail (the current documentation).</summary>
    [RuleCheck("MT-6")]
    public static AsrError? NoSnapshots(ProtectedItem item, MasterTargetFacts mt) =>
        mt.HasSnapshots ? ErrorCatalog.MasterTargetHasSnapshots.Create($"master target '{mt.Name}' has snapshots") : null;

    [RuleCheck("MT-7")]
    public static AsrError? LsiLogicController(ProtectedItem item, MasterTargetFacts mt) =>
        mt.ParavirtualController ? ErrorCatalog.MasterTargetParavirtualController.Create($"master target '{mt.Name}' has a Paravirtual SCSI controller") : null;

    /// <summary>VMware Tools running on the master target, which finds the datastores through them.</summary>
    [RuleCheck("MT-8")]
    public static AsrError? ToolsRunning(ProtectedItem item, MasterTargetFacts mt) =>
        mt.ToolsRunning ? null : ErrorCatalog.MasterTargetToolsNotRunning.Create($"VMware Tools is not running on master target '{mt.Name}'");

    /// <summary>
    /// Where failback writes: the original VM's datastore when it exists (LOC-1), else the one named (RP-3); NFS in either
    /// of vSphere's versions (NFS 3 and NFS 4.1) is refused.
    /// </summary>
    [RuleCheck("RP-10")]
    public static AsrError? NotNfs(ProtectedItem item, FailbackRequest request)
    {
        if (request.Environment.MasterTarget is not { } mt) return null;
        var datastore = request.Environment.OriginalVm?.Datastore ?? request.Input.Datastore;
        return mt.DatastoreTypes.GetValueOrDefault(datastore) is DatastoreType.Nfs or DatastoreType.Nfs41
            ? ErrorCatalog.NfsDatastore.Create(request.Environment.OriginalVm is { } vm
                ? $"VM '{vm.Name}' is on NFS datastore '{datastore}'"
                : $"datastore '{datastore}' chosen for the disks of '{item.Name}' is an NFS datastore")
            : null;
    }

    internal static string DatastoreUnreachable(OriginalVmFacts vm, MasterTargetFacts mt) =>
        $"VM '{vm.Name}' is on datastore '{vm.Datastore}', which host '{mt.HostName}' of master target '{mt.Name}' does not reach";
}
