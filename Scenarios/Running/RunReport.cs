namespace Failback.Scenarios.Running;

/// <summary>
/// What a run did and whether its expectations held. Only virtual times and run-relative paths appear,
/// so the same scenario and seed give the same report byte for byte.
/// </summary>
public sealed record RunReport(
    string File,
    string Title,
    ulong Seed,
    IReadOnlyList<string> Covers,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<ExpectationResult> Expectations,
    IReadOnlyList<string> Violations,
    TimeSpan VirtualDuration,
    long TraceEvents,
    string? Aborted)
{
    public bool Passed => Aborted is null && Violations.Count == 0 && Steps.All(s => s.AsExpected) && Expectations.All(e => e.Held);
}
