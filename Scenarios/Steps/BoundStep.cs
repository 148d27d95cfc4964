using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// A step checked against the topology and ready to run. <see cref="FailsWith"/> is the error code the
/// scenario expects the step to fail with (e.g. <c>NoPermission</c>), or null when it must succeed.
/// Running returns a one-line account of what happened; a failure throws <see cref="StepFailure"/>.
/// </summary>
internal sealed record BoundStep(ScenarioItem Item, string? FailsWith, Func<DrillWorld, Task<string>> Run);

/// <summary>A step that failed with an error code from the system's own vocabulary.</summary>
internal sealed class StepFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
