using System.Reflection;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// Each operation's prerequisite list as the [RuleCheck] functions it runs, by the names of issue 16's matrix
/// (<see cref="RuleApplicability"/>); the operations with none (commit, test failover and its cleanup, disable
/// protection) are listed empty so that adding a check to one is a change here too.
/// </summary>
internal static class OperationPrerequisites
{
    public const string Commit = "commit", TestFailover = "test-failover", TestFailoverCleanup = "test-failover-cleanup", DisableProtection = "disable-protection";

    public static IReadOnlyDictionary<string, IReadOnlyList<MethodInfo>> ByOperation { get; } = new Dictionary<string, IReadOnlyList<MethodInfo>>(StringComparer.Ordinal)
    {
        [RuleApplicability.Enable] = [.. ForwardPrerequisites.Enable.Select(c => c.Function)],
        [RuleApplicability.ReprotectToOnPremises] =
        [
            .. FailbackPrerequisites.ReprotectToOnPremises.Select(c => c.Function),
            .. GroupChecks.ReprotectToOnPremises,
        ],
        [RuleApplicability.FailoverToOnPremises] =
        [
            .. FailbackPrerequisites.FailoverServer.Select(c => c.Function),
            .. FailbackPrerequisites.FailoverAccount.Select(c => c.Function),
            .. FailbackPrerequisites.FailoverToOnPremises.Select(c => c.Function),
        ],
        [RuleApplicability.ReprotectToAzure] = [.. ForwardPrerequisites.ReprotectToAzure.Select(c => c.Function)],
        [Commit] = [],
        [TestFailover] = [],
        [TestFailoverCleanup] = [],
        [DisableProtection] = [],
    };

    /// <summary>The checks a recovery plan runs over each replication group as a whole (RecoveryPlanRunner), never per member.</summary>
    private static class GroupChecks
    {
        public static readonly MethodInfo[] ReprotectToOnPremises =
            [((Func<string, IEnumerable<string>, Errors.AsrError?>)Plans.ReplicationGroupRules.MasterTargetRefusal).Method];
    }
}
