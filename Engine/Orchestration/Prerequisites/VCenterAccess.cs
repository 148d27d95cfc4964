using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>What the vCenter account must allow for the engine to act on-premises: reprotect and failing back both ask here.</summary>
internal static class VCenterAccess
{
    /// <summary>Null when the server is discovered (TS-6) and its account can discover VMs (PRE-3) and is not read-only (TS-1).</summary>
    [RuleCheck("TS-1")]
    public static AsrError? Refusal(VCenterFacts vCenter)
    {
        ArgumentNullException.ThrowIfNull(vCenter);
        if (!vCenter.Discovered)
            return ErrorCatalog.TargetVCenterNotDiscovered.Create($"vCenter '{vCenter.Name}' is not discovered by the configuration server");
        if (!vCenter.CanDiscoverVms)
            return ErrorCatalog.VCenterPermissions.Create($"the account for vCenter '{vCenter.Name}' cannot discover virtual machines");
        if (!vCenter.CanListDatastores)
            return ErrorCatalog.ReadOnlyVCenterAccount.Create($"the account for vCenter '{vCenter.Name}' is read-only");
        return null;
    }
}
