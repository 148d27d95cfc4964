using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Vocabulary;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// An operation's job as ASR shows it (JobProperties): id, scenario and friendly name, target, state and its
/// description, ordered tasks, errors, and start and end in virtual time. A recovery-plan job lists the jobs of its items.
/// An infrastructure job (adding a vCenter, registering a server, refreshing) has an <see cref="Action"/> instead of an
/// <see cref="Operation"/>.
/// </summary>
public sealed record Job
{
    public required string Id { get; init; }
    /// <summary>The item or plan operation the job runs; null for an infrastructure job.</summary>
    public AsrOperation? Operation { get; init; }
    /// <summary>The infrastructure action the job runs; null for an item or plan job.</summary>
    public InfrastructureAction? Action { get; init; }
    /// <summary>ASR's scenarioName.</summary>
    public string ScenarioName => Action is { } action ? JobNames.Scenario(action) : JobNames.Scenario(Operation!.Value);
    /// <summary>ASR's friendlyName.</summary>
    public string FriendlyName => Action is { } action ? JobNames.FriendlyName(action) : JobNames.FriendlyName(Operation!.Value);
    public required string TargetId { get; init; }
    /// <summary>ASR's targetObjectName: the VM or plan as users name it.</summary>
    public string TargetObjectName { get; init; } = "";
    /// <summary>ASR's stateDescription: Completed for a job that succeeded, else the state itself.</summary>
    public string StateDescription => State == JobState.Succeeded ? "Completed" : State.ToString();
    public JobTargetKind TargetKind { get; init; } = JobTargetKind.ProtectedItem;
    public JobState State { get; init; } = JobState.NotStarted;
    public IReadOnlyList<JobTask> Tasks { get; init; } = [];
    public IReadOnlyList<AsrError> Errors { get; init; } = [];
    public IReadOnlyList<string> ChildJobIds { get; init; } = [];
    /// <summary>ASR's allowedActions: Cancel while an item's job runs; Restart on its failed job until another operation on the item starts.</summary>
    public IReadOnlyList<string> AllowedActions { get; init; } = [];
    /// <summary>The notes a test failover cleanup records (ASR's comments, TestFailoverJobDetails.comments).</summary>
    public string? Comments { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}
