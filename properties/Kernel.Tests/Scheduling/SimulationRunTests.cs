using Failback.Engine.Ports;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Kernel.Tests.Scheduling;

public sealed class SimulationRunTests
{
    [Fact]
    public void ExceptionInASimulatedTask_ReachesTheCaller_WithSeedAndVirtualTime()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1234 });
        sim.Spawn("process-server-2", async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromMinutes(90));
            throw new InvalidOperationException("cache disk full");
        });

        var e = Assert.Throws<SimulationException>(() => sim.Run(async () => await sim.Clock.Delay(TimeSpan.FromHours(5))));

        Assert.Equal(1234UL, e.Seed);
        Assert.Equal(TimeSpan.FromMinutes(90), e.Elapsed);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains("'process-server-2'", e.Message, StringComparison.Ordinal);
        Assert.Contains("cache disk full", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed 1234", e.Message, StringComparison.Ordinal);
        Assert.Contains("2026-01-01T01:30:00.000Z", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionInMainBeforeAnyAwait_IsReportedToo()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        var e = Assert.Throws<SimulationException>(() => sim.Run(() => throw new FormatException("bad vmx")));
        Assert.Contains("'main'", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionInATimerCallback_IsReportedWithSeedAndTime()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 9 });
        sim.Clock.CreateTimer(_ => throw new InvalidOperationException("heartbeat lost"), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        var e = Assert.Throws<SimulationException>(() => sim.Run(TimeSpan.FromMinutes(1)));
        Assert.Contains("heartbeat lost", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), e.Elapsed);
    }

    [Fact]
    public void Deadlock_IsDetected_WhenMainWaitsForWhatNothingWillDeliver()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 77 });
        var never = new TaskCompletionSource();
        var e = Assert.Throws<SimulationException>(() => sim.Run(async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromSeconds(3));
            await never.Task;
        }));
        Assert.Contains("Deadlock", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), e.Elapsed);
        Assert.Equal(77UL, e.Seed);
    }

    [Fact]
    public void MainStillWaitingAtTheDeadline_FailsAtTheDeadline()
    {
        using var sim = new Simulation();
        var e = Assert.Throws<SimulationException>(() => sim.Run(async () => await sim.Clock.Delay(TimeSpan.FromHours(3)), TimeSpan.FromHours(1)));
        Assert.Contains("deadline", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), e.Elapsed);
    }

    [Fact]
    public void CancelledMain_IsReported_NotTakenForSuccess()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 4 });
        var e = Assert.Throws<SimulationException>(() => sim.Run(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1), sim.Clock);
            await sim.Clock.Delay(TimeSpan.FromHours(1), cts.Token);
        }));
        Assert.Contains("cancelled", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(1), e.Elapsed);
    }

    [Fact]
    public void Run_ReturnsTheMainResult_AtTheVirtualTimeItFinished()
    {
        using var sim = new Simulation();
        var result = sim.Run(async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromDays(2));
            return "done";
        });
        Assert.Equal("done", result);
        Assert.Equal(TimeSpan.FromDays(2), sim.Clock.Elapsed);
    }

    [Fact]
    public void YieldAndAwaitContinuations_RunOnTheKernelThread_InFifoOrder()
    {
        using var sim = new Simulation();
        var log = new List<string>();
        var threads = new HashSet<int>();
        var kernelThread = Environment.CurrentManagedThreadId;

        sim.Run(async () =>
        {
            var components = new[] { "a", "b", "c" }.Select(name => sim.Spawn(name, async () =>
            {
                for (var i = 0; i < 3; i++)
                {
                    log.Add($"{name}{i}");
                    threads.Add(Environment.CurrentManagedThreadId);
                    await Task.Yield();
                }
                await sim.Clock.Delay(TimeSpan.FromSeconds(1)); // all three due at once: creation order
                log.Add($"{name}-timer");
                threads.Add(Environment.CurrentManagedThreadId);
            })).ToArray();
            await Task.WhenAll(components);
            threads.Add(Environment.CurrentManagedThreadId);
        });

        Assert.Equal(["a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2", "a-timer", "b-timer", "c-timer"], log);
        Assert.Equal([kernelThread], threads);
    }

    [Fact]
    public void WorkPostedFromAnotherThread_IsReportedAsAnEscape()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 11 });
        var e = Assert.Throws<SimulationException>(() => sim.Run(async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromSeconds(1));
            var context = SynchronizationContext.Current!;
            // What Task.Run or ConfigureAwait(false) inside simulated code would do: post from a pool thread.
            var outsider = new Thread(() => context.Post(_ => { }, null));
            outsider.Start();
            outsider.Join();
            await sim.Clock.Delay(TimeSpan.FromSeconds(1));
        }));
        Assert.Contains("Determinism lost", e.Message, StringComparison.Ordinal);
        Assert.Contains("outside the kernel's thread", e.Message, StringComparison.Ordinal);
        Assert.Contains("seed 11", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunWithoutMain_StopsAtTheDeadline_WithTimersStillPending()
    {
        using var sim = new Simulation();
        var beats = 0;
        sim.Clock.CreateTimer(_ => beats++, null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        sim.Run(TimeSpan.FromHours(1));
        Assert.Equal(12, beats);
        Assert.Equal(TimeSpan.FromHours(1), sim.Clock.Elapsed);
        sim.Run(TimeSpan.FromHours(2)); // a second run continues where the first stopped
        Assert.Equal(24, beats);
    }

    [Fact]
    public async Task HostedAndKernelRuns_RefuseEachOthersDriver()
    {
        using var hosted = new Simulation(new SimulationOptions { Hosted = true });
        Assert.Null(hosted.Scheduler);
        var e = Assert.Throws<InvalidOperationException>(() => hosted.Run(TimeSpan.FromSeconds(1)));
        Assert.Contains("RunHostedAsync", e.Message, StringComparison.Ordinal);

        using var kernel = new Simulation();
        var h = await Assert.ThrowsAsync<InvalidOperationException>(() => kernel.RunHostedAsync(() => Task.CompletedTask));
        Assert.Contains("Hosted = true", h.Message, StringComparison.Ordinal);
    }
}
