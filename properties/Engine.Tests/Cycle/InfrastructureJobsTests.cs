using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Vocabulary;
using Xunit;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// Adding a vCenter, registering process servers and master targets, and refreshing the configuration server run as
/// the vault's jobs, named as ASR names them; a refused one is a failed job and changes nothing.
/// </summary>
public sealed class InfrastructureJobsTests
{
    [Fact]
    public void TheSetupAndAnEngineersActionsAreListedJobs_InAsrsVocabulary()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var refresh = await v.RefreshConfigurationServerAsync();
            Assert.Equal(JobState.Succeeded, refresh.State);
            Assert.True(v.LastHeartbeat("ps-onprem") is not null);
            var jobs = v.Jobs;
            Assert.Equal(["DiscoverVCenter", "RegisterProcessServer", "RegisterProcessServer", "RegisterMasterTargetServer", "RefreshServer"],
                jobs.Select(j => j.ScenarioName));
            Assert.All(jobs, j => Assert.Equal((JobTargetKind.Server, JobState.Succeeded, (Failback.Engine.Orchestration.Items.AsrOperation?)null), (j.TargetKind, j.State, j.Operation)));
            Assert.Equal([CycleWorld.Vc1, "ps-onprem", "ps-azure", "mt-01", "cs-01"], jobs.Select(j => j.TargetObjectName));
            Assert.Equal(["Prerequisites check for adding the vCenter server", JobNames.ConnectVCenter, JobNames.DiscoverVms], jobs[0].Tasks.Select(t => t.Name));
            Assert.Equal(JobNames.DeployProcessServerVm, jobs[2].Tasks[1].Name);
            foreach (var job in jobs)
            {
                Assert.True(AsrVocabulary.Contains(VocabularyKind.JobScenario, job.ScenarioName), job.ScenarioName);
                Assert.True(AsrVocabulary.Contains(VocabularyKind.JobFriendlyName, job.FriendlyName), job.FriendlyName);
                Assert.All(job.Tasks, t => Assert.True(AsrVocabulary.Contains(VocabularyKind.JobTask, t.Name), t.Name));
            }
        });
    }

    [Fact]
    public void ARefusedLoginOrALostConfigurationServerFailsTheJob_AndNothingIsRegistered()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            // A wrong password: the vCenter refuses the login (its own fault is thrown), the job fails, the discovery stays as it was.
            await Assert.ThrowsAnyAsync<Exception>(() => v.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.Admin, "wrong"));
            var failed = v.Jobs[^1];
            Assert.Equal(("DiscoverVCenter", JobState.Failed, "FB9002"), (failed.ScenarioName, failed.State, failed.Errors.Single().Code));
            Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.NotStarted], failed.Tasks.Select(t => t.State));
            Assert.Equal([CycleWorld.Vc1], v.DiscoveredServers);

            v.LoseConfigurationServer();
            var refused = await Assert.ThrowsAsync<AsrException>(() => v.AddProcessServerAsync("ps-late", "10.0.9.7"));
            Assert.Equal("PRE-6", refused.Error.Rule);
            var job = v.Jobs[^1];
            Assert.Equal(("RegisterProcessServer", "ps-late", JobState.Failed), (job.ScenarioName, job.TargetObjectName, job.State));
            Assert.Equal(JobState.Failed, job.Tasks[0].State); // the prerequisites check: nothing was registered
            Assert.DoesNotContain(v.ProcessServers, p => p.Name == "ps-late");
            Assert.Equal("PRE-6", (await Assert.ThrowsAsync<AsrException>(() => v.RefreshConfigurationServerAsync())).Error.Rule);
        });
    }

    [Fact]
    public void DrawsAreSeededWholeSecondsInsideTheirRanges_AndInstantDrawsNothing()
    {
        var asr = AsrDurations.Asr;
        var first = Draw(new DurationDraws(asr, 7));
        Assert.Equal(first, Draw(new DurationDraws(asr, 7)));
        Assert.NotEqual(first, Draw(new DurationDraws(asr, 8)));
        var ranges = Ranges(asr).ToList();
        for (var i = 0; i < first.Count; i++)
        {
            var range = ranges[i % ranges.Count];
            Assert.InRange(first[i], range.Min, range.Max);
            Assert.Equal(0, first[i].Ticks % TimeSpan.TicksPerSecond);
        }
        Assert.All(Draw(new DurationDraws(AsrDurations.Instant, 7)), d => Assert.Equal(TimeSpan.Zero, d));
        // The documented figures, in one place.
        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(20)), (asr.VCenterDiscovery.Min, asr.VCenterDiscovery.Max));
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15)), (asr.ProcessServerListing.Min, asr.ProcessServerListing.Max));
        Assert.Equal(TimeSpan.FromMinutes(15), asr.AgentReRegistration.Max);
    }

    private static IEnumerable<DurationRange> Ranges(AsrDurations d) =>
        [d.VCenterDiscovery, d.ProcessServerListing, d.RetentionDriveListing, d.ConfigurationServerRefresh, d.AgentReRegistration, d.PrerequisitesCheck];

    private static List<TimeSpan> Draw(DurationDraws draws) =>
        [.. Enumerable.Range(0, 60).Select(i => draws.Next(Ranges(draws.Durations).ElementAt(i % 6)))];
}
