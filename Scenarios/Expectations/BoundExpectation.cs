using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>What an expectation checks after the steps: the expected value as text, and the check giving the actual one.</summary>
public sealed record BoundExpectation(ScenarioItem Item, string Expected, Func<DrillWorld, IReadOnlyList<StepResult>, Verdict> Check);

/// <summary>Whether an expectation held, with the value the run actually had.</summary>
public sealed record Verdict(bool Held, string Actual);
