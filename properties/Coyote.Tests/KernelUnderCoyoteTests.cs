using Failback.Coyote.Tests.Components;
using Failback.Engine.Ports;
using Failback.Simulators.Kernel;
using Microsoft.Coyote.Specifications;
using Xunit;

namespace Failback.Coyote.Tests;

/// <summary>Kernel components hosted inside Coyote's TestingEngine: Coyote's scheduler runs the tasks, the kernel's clock the time.</summary>
public sealed class KernelUnderCoyoteTests
{
    public KernelUnderCoyoteTests() =>
        CoyoteRun.AssertRewritten(typeof(KernelUnderCoyoteTests).Assembly, typeof(Simulation).Assembly, typeof(VirtualTime).Assembly);

    /// <summary>Two process servers wait random virtual delays and take turns on one cache disk.</summary>
    private static Task TwoProcessServersShareACacheDisk() => TwoProcessServersShare(guarded: true);

    private static async Task TwoProcessServersShare(bool guarded)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3, Hosted = true });
        var cache = new CacheDisk(sim.Clock, guarded);
        await sim.RunHostedAsync(async () =>
        {
            var servers = new[] { "ps-1", "ps-2" }.Select(ps => sim.Spawn(ps, async () =>
            {
                var choices = sim.Choices.Stream(ps);
                for (var i = 0; i < 3; i++)
                {
                    var wait = choices.Between(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
                    var due = sim.Clock.Elapsed + wait;
                    await sim.Clock.Delay(wait);
                    Specification.Assert(sim.Clock.Elapsed >= due, $"{ps}: a virtual delay ended early at +{sim.Clock.Elapsed} (due +{due})");
                    await cache.WriteAsync(ps, choices.Between(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
                }
            })).ToArray();
            await Task.WhenAll(servers);
            Specification.Assert(cache.Writes == 6, $"{cache.Writes} of 6 cache writes happened");
        }, deadline: TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void KernelComponentsRacingOnTimers_KeepTheirInvariant_InEveryExploredSchedule()
    {
        var report = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 100), TwoProcessServersShareACacheDisk, out _);

        Assert.True(report.NumOfFoundBugs == 0, string.Join("\n", report.BugReports));
        Assert.Equal(100, report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths);
        Assert.True(report.TotalControlledOperations > 100 * 6, $"only {report.TotalControlledOperations} controlled operations: is Coyote really scheduling the tasks?");
    }

    [Fact]
    public void WithoutItsGuard_TheCacheDiskInvariantIsBroken_AndCoyoteSaysHow()
    {
        var report = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 300), () => TwoProcessServersShare(guarded: false), out _);
        Assert.Equal(1, report.NumOfFoundBugs);
        Assert.Contains("writes to the cache disk while", report.BugReports.Single(), StringComparison.Ordinal);
    }

    private static async Task RacyConsistencyPointScenario()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1, Hosted = true });
        await sim.RunHostedAsync(() => RacyConsistencyPoint.Run(sim, (ok, message) => Specification.Assert(ok, message)));
    }

    [Fact]
    public void Coyote_FindsThePlantedOrderingBug_AndItsTraceReplaysIt()
    {
        var report = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 500), RacyConsistencyPointScenario, out var trace);
        Assert.Equal(1, report.NumOfFoundBugs);
        Assert.Contains("tagged before the last upload landed", report.BugReports.Single(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(trace));

        var replay = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 1).WithReproducibleTrace(trace), RacyConsistencyPointScenario, out _);
        Assert.Equal(1, replay.NumOfFoundBugs);
        Assert.Equal(report.BugReports.Single(), replay.BugReports.Single());
    }

    [Fact]
    public void TheKernelsOwnLoop_NeverShowsThePlantedBug()
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            using var sim = new Simulation(new SimulationOptions { Seed = seed });
            sim.Run(() => RacyConsistencyPoint.Run(sim, (ok, message) => Assert.True(ok, message)));
            Assert.Equal(TimeSpan.FromSeconds(30), sim.Clock.Elapsed);
        }
    }

    private static async Task MainWaitsForever()
    {
        using var sim = new Simulation(new SimulationOptions { Hosted = true });
        var never = new TaskCompletionSource();
        await sim.RunHostedAsync(async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromSeconds(5));
            await never.Task;
        });
    }

    [Fact]
    public void HostedDeadlock_IsReportedByCoyote()
    {
        var report = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 5), MainWaitsForever, out _);
        Assert.Equal(1, report.NumOfFoundBugs);
        Assert.Contains("Deadlock", report.BugReports.Single(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task SpawnedTaskFails()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 99, Hosted = true });
        await sim.RunHostedAsync(async () =>
        {
            await sim.Spawn("ps-2", async () =>
            {
                await sim.Clock.Delay(TimeSpan.FromMinutes(2));
                throw new InvalidOperationException("cache disk full");
            });
        });
    }

    [Fact]
    public void HostedFailure_ReachesCoyote_WithSeedAndVirtualTime()
    {
        var report = CoyoteRun.Run(CoyoteRun.Configuration(iterations: 5), SpawnedTaskFails, out _);
        Assert.Equal(1, report.NumOfFoundBugs);
        var bug = report.BugReports.Single();
        Assert.Contains("cache disk full", bug, StringComparison.Ordinal);
        Assert.Contains("seed 99", bug, StringComparison.Ordinal);
        Assert.Contains("+00:02:00", bug, StringComparison.Ordinal);
    }
}
