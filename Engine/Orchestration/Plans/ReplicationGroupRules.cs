using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Plans;

/// <summary>The checks over a replication group as a whole, never member by member: one member cannot break them alone.</summary>
internal static class ReplicationGroupRules
{
    /// <summary>
    /// RP-9: every member of <paramref name="group"/> replicating back to on-premises (those the plan reprotects and those
    /// that do already) uses one master target, or no common point in time can be found; null when they do.
    /// </summary>
    [RuleCheck("RP-9")]
    public static AsrError? MasterTargetRefusal(string group, IEnumerable<string> masterTargets)
    {
        var distinct = masterTargets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return distinct.Count > 1
            ? ErrorCatalog.ReplicationGroupMasterTargets.Create($"replication group '{group}' would use master targets {string.Join(", ", distinct)}")
            : null;
    }
}
