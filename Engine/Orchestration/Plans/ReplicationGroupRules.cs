using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Rules;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;

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

    /// <summary>
    /// A replication group's multi-VM consistent point: the latest moment at which every member has a point of the kind
    /// (any for LatestTime, app-consistent for LatestTag), and each member's point at that moment, by member; null when the
    /// members share no such moment. Their points are tagged at the same moments (one policy, one clock).
    /// </summary>
    public static IReadOnlyDictionary<string, RecoveryPoint>? CommonPoint(IReadOnlyDictionary<string, IReadOnlyList<RecoveryPoint>> points, RecoveryPointType type)
    {
        var ofKind = points.ToDictionary(p => p.Key, p => p.Value.Where(x => type != RecoveryPointType.LatestTag || x.AppConsistent).ToList(), StringComparer.Ordinal);
        var common = ofKind.Values.Select(list => list.Select(p => p.Time)).Aggregate((a, b) => a.Intersect(b)).ToList();
        return common.Count == 0 ? null
            : ofKind.ToDictionary(p => p.Key, p => p.Value.Last(x => x.Time == common.Max()), StringComparer.Ordinal);
    }
}
