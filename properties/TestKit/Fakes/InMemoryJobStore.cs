using Failback.Engine.Orchestration.Jobs;

namespace Failback.TestKit.Fakes;

/// <summary>The job store as a test double (the engine's is the configuration server's SQLite database); keeps every saved version.</summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>Every version ever saved, oldest first: how a job's progress was seen while it ran.</summary>
    public List<Job> History { get; } = [];

    public void Save(Job job)
    {
        if (!_jobs.ContainsKey(job.Id)) _order.Add(job.Id);
        _jobs[job.Id] = job;
        History.Add(job);
    }

    public Job? Find(string jobId) => _jobs.GetValueOrDefault(jobId);

    public IReadOnlyList<Job> All() => [.. _order.Select(id => _jobs[id])];
}
