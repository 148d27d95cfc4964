namespace Failback.Scenarios.Running;

/// <summary>One JUnit test case: its virtual duration, and a failure's message and body (null when it passed).</summary>
public sealed record JUnitCase(string ClassName, string Name, TimeSpan Time, string? FailureType = null, string? FailureMessage = null, string? FailureText = null);
