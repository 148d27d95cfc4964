using Failback.Engine.Orchestration.Jobs;
using Failback.TestKit.Generators;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Runbook.Tests;

/// <summary>
/// For any number of host failures, any attempt limit and any seed: the runbook makes min(failures + 1, limit)
/// attempts and succeeds exactly when the failures are fewer than the limit.
/// </summary>
public sealed class RunbookProperties
{
    private static Property RetriesAsPromised(Func<Failback.Engine.Vault.SiteRecoveryVault, TimeProvider, int, FailbackRunbook> runbook) =>
        Prop.ForAll(Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (failures, limit, seed) =>
        {
            var (state, attempts) = RunbookWorld.Run((ulong)seed, failures > 0 ? [RunbookWorld.HostOutOfMemory(failures)] : [], async (world, id) =>
            {
                var r = runbook(world.Vault!, world.Simulation.Clock, limit);
                var job = await r.FailBackAsync(id);
                return (job.State, r.Attempts.Count);
            });
            var succeeds = failures < limit;
            return (attempts == Math.Min(failures + 1, limit) && (state == JobState.Succeeded) == succeeds)
                .Label($"{failures} host failures, limit {limit}, seed {seed}: {attempts} attempts, {state}");
        });

    /// <summary>The same in any generated world (hosts, VMs, disks, VPN or ExpressRoute), built by the harness's one world builder.</summary>
    private static Property RetriesInAnyWorld(Func<Failback.Engine.Vault.SiteRecoveryVault, TimeProvider, int, FailbackRunbook> runbook) =>
        Prop.ForAll(Topologies.Arbitrary, Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), (topology, failures, limit) =>
        {
            var (state, attempts) = RunbookWorld.Run(1, topology, failures > 0 ? [RunbookWorld.HostOutOfMemory(failures)] : [], async (world, id) =>
            {
                var r = runbook(world.Vault!, world.Simulation.Clock, limit);
                var job = await r.FailBackAsync(id);
                return (job.State, r.Attempts.Count);
            });
            var succeeds = failures < limit;
            return (attempts == Math.Min(failures + 1, limit) && (state == JobState.Succeeded) == succeeds)
                .Label($"{topology.Hosts.Count} hosts, {topology.Vms.Count} VMs, {topology.Vault!.Connectivity.Link}; {failures} host failures, limit {limit}: {attempts} attempts, {state}");
        });

    [Fact]
    public void TheRunbookRetriesHostFailuresUpToItsLimitInAnyGeneratedWorld() =>
        Check.One(Cases.WithMaxTest(6), RetriesInAnyWorld((vault, time, limit) => new FailbackRunbook(vault, time) { MaxAttempts = limit }));

    [Fact]
    public void ARunbookThatCountsItsAttemptsWrongIsCaughtInGeneratedWorlds() =>
        Assert.ThrowsAny<Exception>(() =>
            Check.One(Cases.WithMaxTest(20), RetriesInAnyWorld((vault, time, limit) => new OneRetryTooMany(vault, time) { MaxAttempts = limit })));

    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(12).WithQuietOnSuccess(true);

    [Fact]
    public void TheRunbookRetriesHostFailuresUpToItsLimit() =>
        Check.One(Cases, RetriesAsPromised((vault, time, limit) => new FailbackRunbook(vault, time) { MaxAttempts = limit }));

    [Fact]
    public void ARunbookThatCountsItsAttemptsWrongIsCaught() =>
        // Planted: one retry too many.
        Assert.ThrowsAny<Exception>(() =>
            Check.One(Cases.WithMaxTest(30), RetriesAsPromised((vault, time, limit) => new OneRetryTooMany(vault, time) { MaxAttempts = limit })));

    private sealed class OneRetryTooMany(Failback.Engine.Vault.SiteRecoveryVault vault, TimeProvider time) : FailbackRunbook(vault, time)
    {
        protected override bool ShouldRetry(Job failed) =>
            Attempts.Count <= MaxAttempts && failed.Errors.Any(e => e.Code == HostOutOfMemory);
    }
}
