using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// An operation's job as ASR shows it: id, operation, target, state, ordered tasks, errors, and start
/// and end in virtual time. A recovery-plan job lists the jobs of its items.
/// </summary>
public sealed record Job
{
    public required string Id { get; init; }
    public required AsrOperation Operation { get; init; }
    public required string TargetId { get; init; }
    public JobTargetKind TargetKind { get; init; } = JobTargetKind.ProtectedItem;
    public JobState State { get; init; } = JobState.NotStarted;
    public IReadOnlyList<JobTask> Tasks { get; init; } = [];
    public IReadOnlyList<AsrError> Errors { get; init; } = [];
    public IReadOnlyList<string> ChildJobIds { get; init; } = [];
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}
