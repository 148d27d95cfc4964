namespace Failback.Scenarios.Running;

/// <summary>One step as it ran: when (virtual time since the start), how it ended, and whether that was what the scenario expected.</summary>
public sealed record StepResult(int Index, string Kind, int Line, TimeSpan Start, TimeSpan End, bool Succeeded, string? ErrorCode, string Detail, string? ExpectedError)
{
    /// <summary>A step succeeded as expected, or failed with the error the scenario named.</summary>
    public bool AsExpected => ExpectedError is null ? Succeeded : !Succeeded && ErrorCode == ExpectedError;
}

/// <summary>One expectation after the run, with the value the run actually had.</summary>
public sealed record ExpectationResult(int Index, string Kind, int Line, bool Held, string Expected, string Actual);

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
