using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// What an expectation checks: the expected value as text, and the check giving the actual one. It is checked
/// after the last step, or right after step <see cref="AfterStep"/> (1-based) when the scenario says <c>after-step: N</c>.
/// </summary>
public sealed record BoundExpectation(ScenarioItem Item, string Expected, Func<DrillWorld, IReadOnlyList<StepResult>, Verdict> Check)
{
    public int? AfterStep { get; init; }
}

/// <summary>Whether an expectation held, with the value the run actually had.</summary>
public sealed record Verdict(bool Held, string Actual);
