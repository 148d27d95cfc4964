namespace Failback.Lab.Sessions;

/// <summary>How a command ended when it was answered.</summary>
public enum LabOutcome
{
    /// <summary>The step started and goes on as virtual time advances (a job such as a failover).</summary>
    Accepted,
    /// <summary>The step (or fault) finished; <see cref="LabResult.Detail"/> says what it did.</summary>
    Done,
    /// <summary>The step was refused or failed with <see cref="LabResult.Code"/>: ASR's error code, a vSphere or ARM fault.</summary>
    Refused,
}

/// <summary>
/// The answer to a command: its outcome, the step's number in the session (1-based, counting the drill's own steps),
/// the lab's virtual time when it was applied, and the step's detail or the refusal's code and message.
/// </summary>
public sealed record LabResult(LabOutcome Outcome, int Step, TimeSpan At, string? Detail, string? Code, string? Message)
{
    public static LabResult Accepted(int step, TimeSpan at) => new(LabOutcome.Accepted, step, at, "started", null, null);
}
