namespace Failback.Engine.Ports.VSphere;

/// <summary>vSphere's TaskInfoState.</summary>
public enum TaskInfoState { Queued, Running, Success, Error }

/// <summary>
/// A snapshot of a vSphere task: what it works on (<see cref="DescriptionId"/>, e.g.
/// <c>VirtualMachine.powerOn</c>, and <see cref="Entity"/>), where it is (state and percent progress),
/// and how it ended (a <see cref="Result"/> such as the new VM's reference, or an <see cref="Error"/>).
/// </summary>
public sealed record TaskInfo
{
    public required ManagedObjectReference Task { get; init; }
    public required string DescriptionId { get; init; }
    public ManagedObjectReference? Entity { get; init; }
    public string? EntityName { get; init; }
    public required TaskInfoState State { get; init; }
    /// <summary>0 to 100 while running; null when queued.</summary>
    public int? Progress { get; init; }
    public object? Result { get; init; }
    public VSphereFault? Error { get; init; }
    public required string UserName { get; init; }
    public required DateTimeOffset QueueTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompleteTime { get; init; }

    public bool IsCompleted => State is TaskInfoState.Success or TaskInfoState.Error;
}
