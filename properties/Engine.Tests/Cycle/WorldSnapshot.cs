using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Jobs;
using Failback.TestKit.Worlds;
using Xunit;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// What vSphere, Azure and the configuration database hold, read from the simulators' own state (not through the
/// engine's ports) and from the database: every VM with its power, host, datastore, disk chains and snapshots; every
/// file of the datastores and of Azure storage; every Azure resource as ARM returns it; every database record, jobs
/// included. A refused operation must leave all of it as it was, bar the record of its own failed job. A server's last
/// heartbeat is left out: the configuration server records heartbeats whether an operation runs or not (a check that
/// asks for one observes the server, it does not change it).
/// </summary>
internal static class WorldSnapshot
{
    public static string Take(CycleWorld w, IReadOnlySet<string>? ignoreJobs = null)
    {
        var vSphere = w.VSphere.Vms.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m =>
            $"vm {m.Name} {m.PowerState} on {m.Host.Name} in {m.Datastore.Name} disks [{string.Join("; ", m.Disks.Select(d => string.Join(" <- ", d.Chain)))}] " +
            $"snapshots {m.AllSnapshots.Count()} guest {m.Guest.HostName}");
        var files = Directory.EnumerateFiles(w.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(w.Root, f))
            .Where(f => f.StartsWith("onprem", StringComparison.Ordinal) || f.StartsWith("azure", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => $"file {f}");
        var azure = w.Azure.Resources.Select(r => $"arm {r}");
        if (!w.Vault.ConfigurationServerRunning) return string.Join("\n", [.. vSphere, .. files, .. azure, "configuration server lost"]);
        var db = w.Vault.ConfigurationServer.Database;
        var records = db.Items().SelectMany(i => db.Disks(i.Id).Select(d => d.ToString()).Prepend(i.ToString()))
            .Concat(db.Pairs().Select(r => r.ToString()))
            .Concat(db.Policies().Select(r => r.ToString()))
            .Concat(db.Servers().Select(r => (r with { LastHeartbeat = null }).ToString()))
            .Concat(db.Jobs().Where(j => ignoreJobs?.Contains(j.Id) != true).Select(r => r.ToString()));
        return string.Join("\n", [.. vSphere, .. files, .. azure, .. records]);
    }

    /// <summary>
    /// Runs <paramref name="operation"/>, which must be refused with <paramref name="codeOrRule"/> (ASR's numeric code,
    /// the project's FB code, or the rule ID): either at once (an <see cref="AsrException"/>, no job) or as a job whose
    /// first task, the prerequisite check or the plan's preflight, failed. Nothing else may have changed.
    /// </summary>
    public static async Task<Job?> RefusedWithoutEffectAsync(CycleWorld w, Func<Task<Job>> operation, string codeOrRule)
    {
        var jobsBefore = w.Vault.Jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var before = Take(w);
        Job? job = null;
        try
        {
            job = await operation();
        }
        catch (AsrException e)
        {
            Assert.True(Matches(e.Error, codeOrRule), $"refused with {e.Error}, not {codeOrRule}");
        }
        if (job is not null)
        {
            Assert.Equal(JobState.Failed, job.State);
            Assert.True(job.Errors.Any(e => Matches(e, codeOrRule)), $"job {job.Id} failed with {string.Join("; ", job.Errors)}, not {codeOrRule}");
            Assert.Equal(JobState.Failed, job.Tasks[0].State);
            Assert.All(job.Tasks.Skip(1), t => Assert.Equal(JobState.NotStarted, t.State));
        }
        var created = w.Vault.Jobs.Select(j => j.Id).Where(j => !jobsBefore.Contains(j)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(job is null ? [] : new[] { job.Id }, created.Order(StringComparer.Ordinal));
        Assert.Equal(before, Take(w, created));
        return job;
    }

    private static bool Matches(AsrError e, string codeOrRule) => e.Code == codeOrRule || e.Rule == codeOrRule;
}
