using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// What the vCenter account must allow for the engine to act on-premises: reprotect and failing back both ask here.
/// Each check assumes the ones before it hold (an undiscovered server has no account to judge), so at most one fails.
/// </summary>
internal static class VCenterAccess
{
    [RuleCheck("TS-6")]
    public static AsrError? Discovered(ProtectedItem item, VCenterFacts vCenter) =>
        vCenter.Discovered ? null : ErrorCatalog.TargetVCenterNotDiscovered.Create($"vCenter '{vCenter.Name}' is not discovered by the configuration server");

    [RuleCheck("PRE-3")]
    public static AsrError? DiscoversVms(ProtectedItem item, VCenterFacts vCenter) =>
        vCenter is { Discovered: true, CanDiscoverVms: false }
            ? ErrorCatalog.VCenterPermissions.Create($"the account for vCenter '{vCenter.Name}' cannot discover virtual machines")
            : null;

    [RuleCheck("TS-1")]
    public static AsrError? ListsDatastores(ProtectedItem item, VCenterFacts vCenter) =>
        vCenter is { Discovered: true, CanDiscoverVms: true, CanListDatastores: false }
            ? ErrorCatalog.ReadOnlyVCenterAccount.Create($"the account for vCenter '{vCenter.Name}' is read-only")
            : null;
}
