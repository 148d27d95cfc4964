namespace Failback.Engine.Ports.Arm;

/// <summary>The status an Azure-AsyncOperation reports.</summary>
public enum OperationStatus { InProgress, Succeeded, Failed, Canceled }

/// <summary>
/// A request ARM accepted: <see cref="StatusCode"/> is the first response (200, 201 or 202); a
/// long-running one stays <see cref="OperationStatus.InProgress"/> until it completes in virtual time.
/// Poll it with <see cref="IArm.GetOperationAsync"/>, no sooner than <see cref="RetryAfter"/>.
/// </summary>
public sealed record ArmOperation
{
    public required string Id { get; init; }
    public required ResourceId ResourceId { get; init; }
    /// <summary>PUT, DELETE, or the POST action's name (start, deallocate, beginGetAccess...).</summary>
    public required string Method { get; init; }
    public required int StatusCode { get; init; }
    public required OperationStatus Status { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public TimeSpan RetryAfter { get; init; }
    public ArmError? Error { get; init; }
    /// <summary>An action's output, e.g. the SAS URI that beginGetAccess grants.</summary>
    public string? Output { get; init; }

    public bool IsCompleted => Status != OperationStatus.InProgress;
}
