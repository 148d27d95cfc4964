using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Ports;

namespace Failback.Engine.Vault;

/// <summary>
/// Runs the configuration server's infrastructure actions as jobs, listed with the items' jobs as ASR lists them: a
/// prerequisites check, then the action's tasks in order; the waits ASR makes are drawn from <see cref="Draws"/>. A task
/// that throws ends the job Failed with the error it carries, and the exception goes on to the caller.
/// </summary>
internal sealed class InfrastructureJobs(Orchestrator orchestrator, DurationDraws draws, TimeProvider time)
{
    public DurationDraws Draws { get; } = draws;

    /// <summary>Virtual time passes for one wait drawn from <paramref name="range"/>.</summary>
    public Task WaitAsync(DurationRange range, CancellationToken cancellationToken) => time.Delay(Draws.Next(range), cancellationToken);

    public async Task<Job> RunAsync(InfrastructureAction action, string server, Action prerequisites,
        IReadOnlyList<(string Name, Func<CancellationToken, Task> RunAsync)> tasks, CancellationToken cancellationToken)
    {
        var job = orchestrator.Record(orchestrator.NewJob(action, server, tasks.Select(t => t.Name)));
        await RunTaskAsync(job, 0, async () =>
        {
            await WaitAsync(Draws.Durations.PrerequisitesCheck, cancellationToken);
            prerequisites();
        }, cancellationToken);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            await RunTaskAsync(job, i + 1, () => task.RunAsync(cancellationToken), cancellationToken);
        }
        job.Finish(JobState.Succeeded, []);
        return job.Job;
    }

    private static async Task RunTaskAsync(JobRecorder job, int index, Func<Task> run, CancellationToken cancellationToken)
    {
        job.StartTask(index);
        try
        {
            await run();
        }
        catch (Exception e)
        {
            var error = Orchestrator.ToError(e, cancellationToken);
            var state = error.Code == ErrorCatalog.JobCancelled.Code ? JobState.Cancelled : JobState.Failed;
            job.EndTask(index, state);
            job.Finish(state, [error]);
            throw;
        }
        job.EndTask(index, JobState.Succeeded);
    }
}
