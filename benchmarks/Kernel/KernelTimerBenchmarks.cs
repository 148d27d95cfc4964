using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks.Kernel;

/// <summary>
/// Virtual-timer events per second: the kernel's clock firing its earliest timer, whose callback
/// re-arms it with a pseudo-random period, beside a bare PriorityQueue loop doing the same work
/// (pop the earliest, advance time, push it back). Both draw periods from the same generator, so
/// the Ratio column is the kernel's overhead over the bare data structure. One operation = one event.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class KernelTimerBenchmarks
{
    /// <summary>In-process: no per-job project build, which on a busy 2-core machine can exceed BenchmarkDotNet's build timeout.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15));
    }

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
    private PriorityQueue<int, long> _bare2 = null!;
    private long _bare2Now;

    [GlobalSetup]
    public void Setup()
    {
        _periods = new ChoiceStream("periods", 1);
        _clock = new VirtualClock();
        _timers = new ITimer[Pending];
        // One callback for every timer, with the timer's index as its state: the pattern of TimeProvider's
        // own users (Task.Delay, CancellationTokenSource), rather than a new delegate per timer.
        TimerCallback rearm = Rearm;
        for (var i = 0; i < Pending; i++)
            _timers[i] = _clock.CreateTimer(rearm, i, NextPeriod(), Timeout.InfiniteTimeSpan);

        _bare = new PriorityQueue<int, long>(Pending);
        for (var i = 0; i < Pending; i++) _bare.Enqueue(i, NextPeriod().Ticks);
        _bare2 = new PriorityQueue<int, long>(Pending);
        for (var i = 0; i < Pending; i++) _bare2.Enqueue(i, NextPeriod().Ticks);
    }

    private TimeSpan NextPeriod() => _periods.Between(MinPeriod, MaxPeriod);

    private void Rearm(object? index) => _timers[(int)index!].Change(NextPeriod(), Timeout.InfiniteTimeSpan);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long BarePriorityQueue() => BarePriorityQueue(Events);

    public long BarePriorityQueue(int events)
    {
        for (var e = 0; e < events; e++)
        {
            _bare.TryDequeue(out var timer, out var due);
            _bareNow = due;
            _bare.Enqueue(timer, _bareNow + NextPeriod().Ticks);
        }
        return _bareNow;
    }

    /// <summary>The bare loop with the single-sift replace the kernel uses for a timer re-armed while it fires.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long BareDequeueEnqueue()
    {
        for (var e = 0; e < Events; e++)
        {
            _bare2.TryPeek(out var timer, out var due);
            _bare2Now = due;
            _bare2.DequeueEnqueue(timer, _bare2Now + NextPeriod().Ticks);
        }
        return _bare2Now;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long KernelVirtualClock() => KernelVirtualClock(Events);

    public long KernelVirtualClock(int events)
    {
        for (var e = 0; e < events; e++) _clock.FireNext();
        return _clock.GetTimestamp();
    }
}
