using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Where failback puts the machine: the original VM if it still exists (LOC-1), else a new VM on the master target's host.</summary>
internal static class OriginalVmChecks
{
    /// <summary>The datastore named (RP-7) and a vCenter-managed original VM's datastore, reachable from the master target's host.</summary>
    [RuleCheck("LOC-5")]
    public static IEnumerable<AsrError> DatastoresReachable(ProtectedItem item, FailbackRequest request)
    {
        if (request.Environment.MasterTarget is not { } mt) yield break;
        if (!mt.ReachableDatastores.Contains(request.Input.Datastore))
            yield return ErrorCatalog.DatastoreNotAccessible.Create($"datastore '{request.Input.Datastore}' is not mounted on host '{mt.HostName}' of master target '{mt.Name}'");
        if (request.Environment.OriginalVm is { ManagedByVCenter: true } vm && !mt.ReachableDatastores.Contains(vm.Datastore))
            yield return ErrorCatalog.DatastoreNotAccessible.Create(MasterTargetChecks.DatastoreUnreachable(vm, mt));
    }

    [RuleCheck("PRE-4")]
    public static AsrError? NoSnapshots(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { MasterTarget: not null, OriginalVm: { HasSnapshots: true } vm }
            ? ErrorCatalog.VmHasSnapshots.Create($"on-premises VM '{vm.Name}' has snapshots")
            : null;

    /// <summary>Without an original VM, the new one's name is free on the master target's host.</summary>
    [RuleCheck("LOC-7")]
    public static AsrError? NewVmNameFree(ProtectedItem item, FailbackRequest request) =>
        request.Environment is { MasterTarget: { } mt, OriginalVm: null } && mt.VmNamesOnHost.Contains(item.Name)
            ? ErrorCatalog.VmNameExistsOnMasterTargetHost.Create($"host '{mt.HostName}' already has a VM named '{item.Name}'")
            : null;
}
