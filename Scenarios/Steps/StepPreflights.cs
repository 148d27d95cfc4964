using Failback.Engine.Orchestration.Errors;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// The steps that start one of ASR's operations on machines, each with its preflight: the same input the step gives the
/// vault, asked of <c>SiteRecoveryVault.PreflightAsync</c> before any job. Plan steps are not here: a recovery plan's job
/// checks every machine's prerequisites itself before any machine changes.
/// </summary>
internal static class StepPreflights
{
    public static IReadOnlyDictionary<string, Func<Node, Topology, Func<DrillWorld, Task<AsrError?>>>> Of { get; } =
        new Dictionary<string, Func<Node, Topology, Func<DrillWorld, Task<AsrError?>>>>(StringComparer.Ordinal)
        {
            ["enable-protection"] = EngineSteps.EnableProtectionPreflight,
            ["failover"] = EngineSteps.FailoverPreflight,
            ["change-recovery-point"] = EngineSteps.ChangeRecoveryPointPreflight,
            ["commit"] = EngineSteps.CommitPreflight,
            ["reprotect"] = EngineSteps.ReprotectPreflight,
            ["disable-protection"] = EngineSteps.DisableProtectionPreflight,
            ["test-failover"] = TestFailoverSteps.TestFailoverPreflight,
            ["test-failover-cleanup"] = TestFailoverSteps.CleanupPreflight,
        };
}
