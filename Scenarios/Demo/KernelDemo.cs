using Failback.Engine.Ports;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Demo;

/// <summary>
/// A few simulated components over virtual hours: a configuration server heartbeat, process servers
/// uploading with random delays, and a flaky link injected through the fault plan.
/// </summary>
public static class KernelDemo
{
    public sealed record Summary(ulong Seed, TimeSpan VirtualTime, long Events, int Uploads, int Faults);

    public static Summary Run(ulong seed, TimeSpan duration, Stream? trace)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = seed, TraceOutput = trace });
        sim.Faults.Add(new FaultRule { Target = "network", Operation = "upload", Object = "ps-*", Probability = 0.05, Fault = "partition", Delay = TimeSpan.FromSeconds(30) });
        int uploads = 0, faults = 0;

        sim.Spawn("cs-1", async () =>
        {
            while (sim.Clock.Elapsed < duration)
            {
                await sim.Clock.Delay(TimeSpan.FromMinutes(5));
                sim.Trace.Emit("cs-1", "heartbeat");
            }
        });
        foreach (var ps in new[] { "ps-1", "ps-2", "ps-3" })
        {
            var choices = sim.Choices.Stream(ps);
            sim.Spawn(ps, async () =>
            {
                while (sim.Clock.Elapsed < duration)
                {
                    await sim.Clock.Delay(choices.Between(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(3)));
                    if (sim.Faults.Consult("network", "upload", ps) is { } hit)
                    {
                        faults++;
                        await sim.Clock.Delay(hit.Delay);
                        sim.Trace.Emit(ps, "upload.failed", ("fault", hit.Fault));
                        continue;
                    }
                    var bytes = choices.Next(1, 64) * 65536L;
                    uploads++;
                    sim.Trace.Emit(ps, "upload", ("bytes", bytes));
                }
            });
        }
        sim.Run(duration);
        return new Summary(seed, sim.Clock.Elapsed, sim.Trace.Count, uploads, faults);
    }
}
