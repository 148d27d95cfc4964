using Failback.Engine.Orchestration.Errors;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>Moves one job through its states and tasks, stamping virtual times and saving every change.</summary>
internal sealed class JobRecorder
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;

    public JobRecorder(IJobStore store, TimeProvider time, Job job)
    {
        _store = store;
        _time = time;
        Job = job with { State = JobState.InProgress, StartTime = time.GetUtcNow() };
        _store.Save(Job);
    }

    public Job Job { get; private set; }

    public void StartTask(int index) => UpdateTask(index, t => t with { State = JobState.InProgress, StartTime = _time.GetUtcNow() });

    public void Progress(int index, int percent) =>
        UpdateTask(index, t => t with { PercentComplete = Math.Clamp(percent, t.PercentComplete, 100) });

    public void EndTask(int index, JobState state) =>
        UpdateTask(index, t => t with { State = state, PercentComplete = state == JobState.Succeeded ? 100 : t.PercentComplete, EndTime = _time.GetUtcNow() });

    public void AddChild(string jobId) => Save(Job with { ChildJobIds = [.. Job.ChildJobIds, jobId] });

    public void Finish(JobState state, IEnumerable<AsrError> errors, IReadOnlyList<string>? allowedActions = null) =>
        Save(Job with { State = state, Errors = [.. Job.Errors, .. errors], EndTime = _time.GetUtcNow(), AllowedActions = allowedActions ?? [] });

    private void UpdateTask(int index, Func<JobTask, JobTask> change)
    {
        var tasks = Job.Tasks.ToArray();
        tasks[index] = change(tasks[index]);
        Save(Job with { Tasks = tasks });
    }

    private void Save(Job job)
    {
        Job = job;
        _store.Save(job);
    }
}
