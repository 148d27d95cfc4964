namespace Failback.Scenarios.Running;

/// <summary>One step as it ran: when (virtual time since the start), how it ended, and whether that was what the scenario expected.</summary>
public sealed record StepResult(int Index, string Kind, int Line, TimeSpan Start, TimeSpan End, bool Succeeded, string? ErrorCode, string Detail, string? ExpectedError)
{
    /// <summary>A step succeeded as expected, or failed with the error the scenario named.</summary>
    public bool AsExpected => ExpectedError is null ? Succeeded : !Succeeded && ErrorCode == ExpectedError;
}
