namespace Failback.Engine.Orchestration.Jobs;

/// <summary>ASR's job and task states (JobProperties.state).</summary>
public enum JobState
{
    NotStarted,
    InProgress,
    Succeeded,
    Failed,
    Cancelled,
    Suspended,
}
