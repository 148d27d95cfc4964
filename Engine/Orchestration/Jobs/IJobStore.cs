namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// Where jobs are kept: the configuration server's database in the engine. Every change of a job is
/// saved, so its progress can be followed while it runs (RP-6).
/// </summary>
public interface IJobStore
{
    /// <summary>Inserts the job, or replaces the stored job with the same id.</summary>
    void Save(Job job);

    Job? Find(string jobId);

    /// <summary>Every job, in the order they were first saved.</summary>
    IReadOnlyList<Job> All();
}
