using System.Text.Json;
using System.Text.Json.Serialization;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Engine.Vault;

/// <summary>
/// The orchestrator's jobs kept where ASR keeps them for VMware: the configuration server's database.
/// Each save writes the summary columns (state, times, first error) and the whole job as JSON, so a
/// job can be followed while it runs and read back after a restart. While the configuration server is
/// lost the vault still lists the jobs stored before, holds the jobs it runs, and writes those into the
/// restored database (whose own jobs are then the ones its backup had).
/// </summary>
internal sealed class ConfigurationJobStore : IJobStore
{
    private readonly List<Job> _held = [];
    private IReadOnlyList<Job> _storedBeforeLoss = [];
    private ConfigurationDatabase? _database;

    public ConfigurationJobStore(ConfigurationDatabase database) => _database = database ?? throw new ArgumentNullException(nameof(database));

    public void Save(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_database is null)
        {
            var at = _held.FindIndex(j => j.Id == job.Id);
            if (at < 0) _held.Add(job);
            else _held[at] = job;
            return;
        }
        Write(_database, job);
    }

    public Job? Find(string jobId) => All().FirstOrDefault(j => j.Id == jobId);

    /// <summary>The stored jobs, then the held ones (a job that was running when the server was lost is held, not listed twice).</summary>
    public IReadOnlyList<Job> All() =>
        [.. (_database is null ? _storedBeforeLoss : _database.JobDocuments().Select(Read)).Where(j => _held.TrueForAll(h => h.Id != j.Id)), .. _held];

    /// <summary>The database is gone with its server: the jobs it had stay listed, new ones are held until <see cref="Attach"/>.</summary>
    internal void Detach()
    {
        _storedBeforeLoss = All();
        _database = null;
    }

    /// <summary>Uses <paramref name="database"/> (a restored one) and writes into it the jobs held meanwhile.</summary>
    internal void Attach(ConfigurationDatabase database)
    {
        _database = database;
        foreach (var job in _held) Write(database, job);
        _held.Clear();
        _storedBeforeLoss = [];
    }

    private static void Write(ConfigurationDatabase database, Job job)
    {
        var error = job.Errors.Count > 0 ? job.Errors[0] : null;
        database.SaveJob(
            new JobRecord(job.Id, job.ScenarioName, job.TargetId, job.State.ToString(), CurrentTask(job),
                job.StartTime ?? DateTimeOffset.MinValue, job.EndTime, error?.Code, error?.Message),
            JsonSerializer.Serialize(job, JobDocuments.Default.Job));
    }

    private static Job Read(string document) => JsonSerializer.Deserialize(document, JobDocuments.Default.Job)
        ?? throw new InvalidDataException("A job document in the configuration database is empty.");

    private static string? CurrentTask(Job job) => job.Tasks.FirstOrDefault(t => t.State == JobState.InProgress)?.Name;
}

/// <summary>The job document's JSON, generated at compile time (the drill CLI is compiled ahead of time: no reflection).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(Job))]
internal sealed partial class JobDocuments : JsonSerializerContext;
