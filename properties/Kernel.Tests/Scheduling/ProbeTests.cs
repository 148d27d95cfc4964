using Failback.Engine.Ports;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Kernel.Tests.Scheduling;

/// <summary>
/// <see cref="Simulation.Probe{T}"/> reads the world at the current instant and leaves the run as it was: no virtual time,
/// no trace, fault rules seen but not counted. Each test runs the same work outside a probe too, where it does change
/// the run (the planted variant: a probe that did not freeze the clock would fail the same assertions).
/// </summary>
public sealed class ProbeTests
{
    /// <summary>A read of a simulated API: a call latency, a fault site and a traced event, as the simulators' calls have.</summary>
    private static async Task<string> Read(Simulation sim, CancellationToken cancellationToken = default)
    {
        await sim.Clock.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        var hit = sim.Faults.Consult("vcenter", "RetrieveProperties", "vc-1");
        sim.Trace.Emit("vcenter", "read", ("fault", hit?.Fault));
        await sim.Clock.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return hit?.Fault ?? "none";
    }

    private static (Simulation Sim, MemoryStream Trace) Started()
    {
        var trace = new MemoryStream();
        var sim = new Simulation(new SimulationOptions { Seed = 7, TraceOutput = trace });
        sim.Run(TimeSpan.FromMinutes(1));
        return (sim, trace);
    }

    [Fact]
    public void A_probe_answers_at_the_current_instant_and_leaves_no_trace()
    {
        var (sim, trace) = Started();
        using var _ = sim;
        sim.Faults.Add(new FaultRule { Target = "vcenter", Operation = "RetrieveProperties", Fault = "NoPermission", Count = 1 });
        sim.Trace.Flush();
        var (bytes, events, now) = (trace.Length, sim.Trace.Count, sim.Clock.Elapsed);

        Assert.Equal("NoPermission", sim.Probe(ct => Read(sim, ct)));
        Assert.Equal("NoPermission", sim.Probe(ct => Read(sim, ct))); // seen, not counted: Count = 1 still fires for the run
        sim.Trace.Flush();
        Assert.Equal((bytes, events, now), (trace.Length, sim.Trace.Count, sim.Clock.Elapsed));
        Assert.Equal(0, sim.Clock.PendingTimers);

        // The same read in the run takes its time, traces, and uses up the rule's one firing.
        Assert.Equal("NoPermission", sim.Run(() => Read(sim)));
        Assert.Equal("none", sim.Run(() => Read(sim)));
        sim.Trace.Flush();
        Assert.True(trace.Length > bytes && sim.Trace.Count > events);
        Assert.Equal(now + TimeSpan.FromSeconds(4.5), sim.Clock.Elapsed);
    }

    [Fact]
    public void A_probe_sees_no_chance_fault_and_draws_nothing_so_the_run_goes_on_as_without_it()
    {
        string Run(bool probe)
        {
            var (sim, _) = Started();
            using var __ = sim;
            sim.Faults.Add(new FaultRule { Target = "vcenter", Probability = 0.5, Fault = "HostNotConnected" });
            sim.Faults.Add(new FaultRule { Target = "vcenter", Skip = 2, Fault = "NotFound" });
            if (probe) Assert.Equal("none", sim.Probe(ct => Read(sim, ct)));
            return string.Join(",", Enumerable.Range(0, 8).Select(_ => sim.Run(() => Read(sim))));
        }

        Assert.Equal(Run(probe: false), Run(probe: true));
    }

    [Fact]
    public void A_probe_that_waits_for_other_work_is_cancelled_and_reported()
    {
        var (sim, _) = Started();
        using var _ = sim;
        var never = new TaskCompletionSource();
        var e = Assert.Throws<InvalidOperationException>(() => sim.Probe(async ct =>
        {
            await never.Task.WaitAsync(ct);
            return 1;
        }));
        Assert.Contains("other than time", e.Message, StringComparison.Ordinal);
        // Between slices only: with work ready at this instant, a probe is refused before it runs anything.
        sim.Spawn("ready", () => Task.CompletedTask);
        Assert.Throws<InvalidOperationException>(() => sim.Probe(_ => Task.FromResult(1)));
    }
}
