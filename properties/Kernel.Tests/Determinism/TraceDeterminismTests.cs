using System.Text;
using Failback.Engine.Ports;
using Failback.Scenarios.Demo;
using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Kernel.Tests.Determinism;

/// <summary>One seed replays everything: the same seed gives the same trace bytes, another seed another trace.</summary>
public sealed class TraceDeterminismTests
{
    private static byte[] DemoTrace(ulong seed, double hours = 6)
    {
        using var trace = new MemoryStream();
        KernelDemo.Run(seed, TimeSpan.FromHours(hours), trace);
        return trace.ToArray();
    }

    [Fact]
    public void Demo_SameSeedTwice_GivesIdenticalTraceBytes()
    {
        var first = DemoTrace(42, hours: 24);
        var second = DemoTrace(42, hours: 24);

        Assert.True(first.Length > 10_000, $"the demo trace is suspiciously short ({first.Length} bytes)");
        Assert.Equal(first, second);
    }

    [Property(MaxTest = 12)]
    public bool Demo_AnySeed_ReplaysByteForByte(ulong seed) => DemoTrace(seed).AsSpan().SequenceEqual(DemoTrace(seed));

    [Property(MaxTest = 12)]
    public bool Demo_AnotherSeed_GivesAnotherTrace(ulong seed) => !DemoTrace(seed).AsSpan().SequenceEqual(DemoTrace(seed + 1));

    /// <summary>A direct simulation with racing components, random delays, faults and Bogus data.</summary>
    private static string SimulationTrace(ulong seed)
    {
        using var output = new MemoryStream();
        using (var sim = new Simulation(new SimulationOptions { Seed = seed, TraceOutput = output }))
        {
            sim.Faults.Add(new FaultRule { Target = "vcenter", Operation = "Power*", Probability = 0.3, Fault = "InvalidState" });
            var inventory = SeededFaker.Create(sim.Choices.Stream("inventory"));
            sim.Run(async () =>
            {
                var workers = new List<Task>();
                for (var w = 0; w < 4; w++)
                {
                    var name = $"esx-{w}";
                    var choices = sim.Choices.Stream(name);
                    workers.Add(sim.Spawn(name, async () =>
                    {
                        for (var i = 0; i < 20; i++)
                        {
                            await sim.Clock.Delay(choices.Between(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)));
                            if (choices.Chance(0.2)) await Task.Yield();
                            var fault = sim.Faults.Consult("vcenter", "PowerOnVM_Task", $"vm-{i}");
                            sim.Trace.Emit(name, "power.on", ("vm", $"vm-{i}"), ("uuid", choices.NextGuid()), ("fault", fault?.Fault));
                        }
                    }));
                }
                sim.Trace.Emit("inventory", "host", ("name", inventory.Internet.DomainWord()), ("ip", inventory.Internet.Ip()));
                await Task.WhenAll(workers.ToArray());
            });
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Simulation_SameSeedTwice_GivesIdenticalTraceBytes_AnotherSeedAnother()
    {
        var first = SimulationTrace(7);
        var again = SimulationTrace(7);
        var other = SimulationTrace(8);

        Assert.Equal(4 * 20, first.Split('\n').Count(line => line.Contains("\"kind\":\"power.on\"", StringComparison.Ordinal)));
        Assert.Contains("\"kind\":\"fault.fired\"", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Trace_WritesVirtualTimeSourceKindThenFieldsInOrder()
    {
        using var output = new MemoryStream();
        var clock = new VirtualClock();
        using (var trace = new Trace(clock, output))
        {
            clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(90), Timeout.InfiniteTimeSpan);
            clock.FireNext();
            trace.Emit("vcenter", "task.done", ("task", "task-3"), ("ok", true), ("bytes", 65536L), ("took", TimeSpan.FromSeconds(1.5)), ("none", null));
        }

        Assert.Equal("{\"t\":\"2026-01-01T00:01:30.0000000Z\",\"src\":\"vcenter\",\"kind\":\"task.done\",\"task\":\"task-3\",\"ok\":true,\"bytes\":65536,\"took\":1.5,\"none\":null}\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }
}
