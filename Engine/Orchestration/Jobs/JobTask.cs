namespace Failback.Engine.Orchestration.Jobs;

/// <summary>One ordered task of a job (ASR's ASRTask), with its progress so a reprotect can be followed (RP-6).</summary>
public sealed record JobTask(
    string Name,
    JobState State = JobState.NotStarted,
    int PercentComplete = 0,
    DateTimeOffset? StartTime = null,
    DateTimeOffset? EndTime = null);
