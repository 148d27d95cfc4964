namespace Failback.Scenarios.Running;

/// <summary>One expectation after the run, with the value the run actually had.</summary>
public sealed record ExpectationResult(int Index, string Kind, int Line, bool Held, string Expected, string Actual);
