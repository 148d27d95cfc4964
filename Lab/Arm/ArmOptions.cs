namespace Failback.Lab.Arm;

/// <summary>How the ARM API answers: how long clients wait between polls of an operation, and how long a page is.</summary>
public sealed record ArmOptions
{
    /// <summary>
    /// The Retry-After of a running operation, in seconds. ARM asks for 10 to 60 and ASR sends 30; a lab's jobs take
    /// seconds of wall time at 60x, so 1 keeps an SDK's poller in step with them.
    /// </summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Items per page of a list; the rest follows through nextLink.</summary>
    public int PageSize { get; init; } = 100;
}
