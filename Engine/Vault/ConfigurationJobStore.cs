using System.Text.Json;
using System.Text.Json.Serialization;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Engine.Vault;

/// <summary>
/// The orchestrator's jobs kept where ASR keeps them for VMware: the configuration server's database.
/// Each save writes the summary columns (state, times, first error) and the whole job as JSON, so a
/// job can be followed while it runs and read back after a restart.
/// </summary>
public sealed class ConfigurationJobStore(ConfigurationDatabase database) : IJobStore
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public void Save(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var error = job.Errors.Count > 0 ? job.Errors[0] : null;
        database.SaveJob(
            new JobRecord(job.Id, job.Operation.ToString(), job.TargetId, job.State.ToString(), CurrentTask(job),
                job.StartTime ?? DateTimeOffset.MinValue, job.EndTime, error?.Code, error?.Message),
            JsonSerializer.Serialize(job, Json));
    }

    public Job? Find(string jobId) => database.FindJobDocument(jobId) is { } document ? Read(document) : null;

    public IReadOnlyList<Job> All() => [.. database.JobDocuments().Select(Read)];

    private static Job Read(string document) => JsonSerializer.Deserialize<Job>(document, Json)
        ?? throw new InvalidDataException("A job document in the configuration database is empty.");

    private static string? CurrentTask(Job job) => job.Tasks.FirstOrDefault(t => t.State == JobState.InProgress)?.Name;
}
