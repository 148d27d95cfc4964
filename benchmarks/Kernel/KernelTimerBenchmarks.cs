using BenchmarkDotNet.Attributes;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks.Kernel;

/// <summary>
/// Virtual-timer events per second: the kernel's clock firing its earliest timer, whose callback
/// re-arms it with a pseudo-random period, beside a bare PriorityQueue loop doing the same work
/// (pop the earliest, advance time, push it back). Both draw periods from the same generator, so
/// the Ratio column is the kernel's overhead over the bare data structure. One operation = one event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KernelTimerBenchmarks
{
    private const int Events = 100_000;
    private static readonly TimeSpan MinPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromHours(1);

    [Params(1, 100, 10_000)]
    public int Pending { get; set; }

    private ChoiceStream _periods = null!;
    private VirtualClock _clock = null!;
    private ITimer[] _timers = null!;
    private PriorityQueue<int, long> _bare = null!;
    private long _bareNow;

    [GlobalSetup]
    public void Setup()
    {
        _periods = new ChoiceStream("periods", 1);
        _clock = new VirtualClock();
        _timers = new ITimer[Pending];
        for (var i = 0; i < Pending; i++)
            _timers[i] = _clock.CreateTimer(Rearm, i, NextPeriod(), Timeout.InfiniteTimeSpan);

        _bare = new PriorityQueue<int, long>(Pending);
        for (var i = 0; i < Pending; i++) _bare.Enqueue(i, NextPeriod().Ticks);
    }

    private TimeSpan NextPeriod() => _periods.Between(MinPeriod, MaxPeriod);

    private void Rearm(object? index) => _timers[(int)index!].Change(NextPeriod(), Timeout.InfiniteTimeSpan);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long BarePriorityQueue()
    {
        for (var e = 0; e < Events; e++)
        {
            _bare.TryDequeue(out var timer, out var due);
            _bareNow = due;
            _bare.Enqueue(timer, _bareNow + NextPeriod().Ticks);
        }
        return _bareNow;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long KernelVirtualClock()
    {
        for (var e = 0; e < Events; e++) _clock.FireNext();
        return _clock.GetTimestamp();
    }
}
