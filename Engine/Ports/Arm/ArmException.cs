namespace Failback.Engine.Ports.Arm;

/// <summary>
/// A refused ARM request (400, 404, 409, 429, 500; the blob service's 503 ServerBusy) or a long-running operation that ended Failed.
/// <see cref="RetryAfter"/> carries the Retry-After header of a 429.
/// </summary>
public sealed class ArmException(int status, ArmError error, TimeSpan? retryAfter = null)
    : Exception($"ARM {status} {error}" + (retryAfter is { } r ? $" (Retry-After: {r.TotalSeconds:0} s)" : ""))
{
    public int Status { get; } = status;
    public ArmError Error { get; } = error;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public string Code => Error.Code;
}
