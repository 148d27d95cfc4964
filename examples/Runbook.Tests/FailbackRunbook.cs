using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Vault;

namespace Runbook.Tests;

/// <summary>
/// The code under test, as a DR team would write it: fails a protected VM back to on-premises at the latest recovery
/// point and commits it. A failback that fails because the on-premises host could not boot the VM (ASR error 8038)
/// is retried after a backoff that doubles each time, up to <see cref="MaxAttempts"/> attempts; any other failure
/// is returned at once.
/// </summary>
public class FailbackRunbook(SiteRecoveryVault vault, TimeProvider time)
{
    public const string HostOutOfMemory = "8038";

    public int MaxAttempts { get; init; } = 3;
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Every failback job this runbook started, in order.</summary>
    public List<Job> Attempts { get; } = [];

    /// <summary>The commit's job when the failback succeeded, else the last failback job.</summary>
    public async Task<Job> FailBackAsync(string itemId)
    {
        var wait = Backoff;
        while (true)
        {
            var job = await vault.UnplannedFailoverAsync(itemId, UnplannedFailoverInput.Latest);
            Attempts.Add(job);
            if (job.State == JobState.Succeeded) return await vault.CommitAsync(itemId);
            if (!ShouldRetry(job)) return job;
            await time.Delay(wait);
            wait *= 2;
        }
    }

    protected virtual bool ShouldRetry(Job failed) =>
        Attempts.Count < MaxAttempts && failed.Errors.Any(e => e.Code == HostOutOfMemory);
}
