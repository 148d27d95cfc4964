using System.Diagnostics;
using System.Globalization;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks.Kernel;

/// <summary>
/// <c>kernel-timers</c>: the <see cref="KernelTimerBenchmarks"/> comparison made for a shared, loaded machine.
/// The bare PriorityQueue loop and the kernel's clock run in alternating short batches, so both meet the same
/// load, and each side's fastest batch (the one least disturbed) gives its cost per event.
/// </summary>
public static class KernelTimerRatio
{
    private const int Batch = 20_000;
    private const int Rounds = 60;

    public static int Run(string[] args)
    {
        var counts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 100, 10_000];
        foreach (var pending in counts)
        {
            var bench = new KernelTimerBenchmarks { Pending = pending };
            bench.Setup();
            double bare = double.MaxValue, kernel = double.MaxValue;
            for (var round = 0; round < Rounds; round++)
            {
                bare = Math.Min(bare, Time(() => bench.BarePriorityQueue(Batch)));
                kernel = Math.Min(kernel, Time(() => bench.KernelVirtualClock(Batch)));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pending,6} pending timers: bare PriorityQueue {bare,7:F1} ns/event, kernel {kernel,7:F1} ns/event, kernel speed {bare / kernel:F2}x the bare loop's"));
        }
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        return 0;
    }

    private static double Time(Action batch)
    {
        var clock = Stopwatch.StartNew();
        batch();
        return clock.Elapsed.TotalNanoseconds / Batch;
    }
}
