
namespace Failback.Simulators.Kernel;

/// <summary>
/// The deterministic kernel: a virtual clock, a single-threaded scheduler, seeded choices, a fault
/// plan and a trace. Work runs in FIFO order; only when nothing is ready does the clock jump to the
/// next timer. The same seed and inputs therefore give the same interleaving and the same trace.
/// </summary>
public sealed class Simulation : IDisposable
{
    private readonly SimulationOptions _options;
    private (string Task, Exception Error)? _failure;

    public Simulation(SimulationOptions? options = null)
    {
        _options = options ?? new SimulationOptions();
        Clock = new VirtualClock(_options.Epoch);
        Choices = new SeededChoices(_options.Seed);
        Trace = new Trace(Clock, _options.TraceOutput);
        Faults = new FaultPlan(Clock, Choices.Stream("faults"), Trace);
        Scheduler = _options.Hosted ? null : new DeterministicScheduler();
    }

    public ulong Seed => _options.Seed;
    public VirtualClock Clock { get; }
    public SeededChoices Choices { get; }
    public FaultPlan Faults { get; }
    public Trace Trace { get; }
    /// <summary>The kernel's scheduler; null when hosted by Coyote.</summary>
    public DeterministicScheduler? Scheduler { get; }

    /// <summary>Starts concurrent simulated work. A failure in it ends the run with the seed and time.</summary>
    public Task Spawn(string name, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Scheduler is null
            ? YieldThen(name, work)
            : Task.Factory.StartNew(() => Guard(name, work), CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler.TaskScheduler).Unwrap();
    }

    // Hosted: Coyote's scheduler decides when the work starts; the yield makes Spawn return first, as on the kernel.
    private async Task YieldThen(string name, Func<Task> work)
    {
        await Task.Yield();
        await Guard(name, work);
    }

    // An awaiting wrapper rather than ContinueWith, so the failure is recorded the same way under Coyote.
    private async Task Guard(string name, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RecordFailure(name, e);
            throw;
        }
    }

    /// <summary>Runs until no work and no timer is left, or until the virtual <paramref name="deadline"/>.</summary>
    public void Run(TimeSpan? deadline = null) => RunLoop(null, deadline);

    /// <summary>Runs <paramref name="main"/> and everything it spawns until it completes.</summary>
    public void Run(Func<Task> main, TimeSpan? deadline = null) => RunLoop(Spawn("main", main), deadline);

    public T Run<T>(Func<Task<T>> main, TimeSpan? deadline = null)
    {
        var result = default(T)!;
        RunLoop(Spawn("main", async () => result = await main()), deadline);
        return result;
    }

    private void RunLoop(Task? main, TimeSpan? deadline)
    {
        var scheduler = Scheduler ?? throw new InvalidOperationException("A hosted simulation is driven by RunHostedAsync, not Run.");
        scheduler.BindToCurrentThread();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler);
        try
        {
            var limit = deadline ?? (main is null ? null : _options.MaxVirtualTime);
            while (true)
            {
                ThrowIfFailed(scheduler);
                if (main is { IsCompleted: true })
                {
                    if (main.IsCanceled) throw Failure("The run's main work was cancelled before it finished", null);
                    return;
                }
                try
                {
                    if (scheduler.RunOne()) continue;
                }
                catch (Exception e)
                {
                    RecordFailure("posted callback", e);
                    continue;
                }
                try
                {
                    if (Clock.FireNext(limit)) continue;
                }
                catch (Exception e)
                {
                    RecordFailure("timer callback", e);
                    continue;
                }
                // Idle: no ready work and no timer due before the limit.
                if (main is null)
                {
                    if (deadline is { } d) Clock.AdvanceTo(d);
                    return;
                }
                if (limit is { } l && Clock.NextDue is not null)
                {
                    Clock.AdvanceTo(l);
                    throw Failure($"The run's main work did not finish by the virtual deadline +{l:c}", null);
                }
                throw Failure("Deadlock: the main work waits for something that no ready work or timer will ever deliver " +
                              "(or for work that escaped the kernel to another thread)", null);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            Trace.Flush();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> at the current virtual instant and leaves the run as it was: while it runs the clock
    /// is <see cref="VirtualClock.Frozen"/> (its delays take no time, the trace records nothing, fault rules fire only
    /// when certain and are not counted), and no other work is ready between two slices of a run, so only the probe's
    /// own continuations run. For reads, such as a prerequisite check asked before an operation starts: work that
    /// changes the simulated world must not run in a probe. Work that waits on something other than time is cancelled
    /// (its token) and reported as an <see cref="InvalidOperationException"/>.
    /// </summary>
    public T Probe<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var scheduler = Scheduler ?? throw new InvalidOperationException("A hosted simulation cannot be probed.");
        if (Clock.Frozen) throw new InvalidOperationException("A probe cannot start another probe.");
        if (scheduler.Ready > 0 || Clock.NextDue <= Clock.Elapsed)
            throw new InvalidOperationException("A probe runs between two slices of a run, when no work is ready at this instant: run the simulation to now first.");
        scheduler.BindToCurrentThread();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(scheduler);
        using var cancel = new CancellationTokenSource();
        Clock.Frozen = true;
        try
        {
            var task = Task.Factory.StartNew(() => work(cancel.Token), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler.TaskScheduler).Unwrap();
            Drain();
            if (!task.IsCompleted)
            {
                cancel.Cancel();
                Drain();
                throw new InvalidOperationException("The probe waited for something other than time (another task's work); it was cancelled.");
            }
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            Clock.Frozen = false;
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        // Ready work, and timers armed during the probe (all due now), until nothing is left to run at this instant: what
        // the probe set going ends inside it, not later in the run.
        void Drain()
        {
            // A periodic timer armed in a probe would be due now forever: a bound turns that into an error, not a hang.
            for (var steps = 0; scheduler.RunOne() || Clock.FireNext(Clock.Elapsed); steps++)
                if (steps > 1_000_000) throw new InvalidOperationException("The probe keeps arming work at this instant (a periodic timer?); a probe reads, it does not run the world.");
        }
    }

    /// <summary>
    /// The driver for a run hosted by Coyote: Coyote's scheduler runs the tasks; this task fires the
    /// earliest timer whenever Coyote schedules it, and otherwise waits until a timer is armed, the main
    /// work ends or a simulated task fails. Unlike <see cref="Run(Func{Task}, TimeSpan?)"/>, time may
    /// advance while other work is still ready (as if that work were slow): Coyote explores those
    /// schedules too, and every schedule of the kernel's own loop is among them. A main that waits for
    /// something nothing will deliver is reported by Coyote as a deadlock.
    /// </summary>
    public async Task RunHostedAsync(Func<Task> main, TimeSpan? deadline = null)
    {
        if (Scheduler is not null)
            throw new InvalidOperationException("RunHostedAsync drives a simulation hosted by Coyote; create it with SimulationOptions.Hosted = true, or use Run.");
        var finished = false;
        var mainTask = Spawn("main", async () =>
        {
            try
            {
                await main();
            }
            finally
            {
                finished = true;
                Clock.WakeDriver();
            }
        });
        var limit = deadline ?? _options.MaxVirtualTime;
        while (!finished && _failure is null)
        {
            await Task.Yield();
            if (finished || _failure is not null) break;
            if (Clock.NextDue is { } due)
            {
                if (due > limit)
                {
                    Clock.AdvanceTo(limit);
                    throw Failure($"The run's main work did not finish by the virtual deadline +{limit:c}", null);
                }
                Clock.FireNext(limit);
            }
            else
            {
                // One plain TaskCompletionSource, completed when a timer is armed, main ends or a task fails:
                // Coyote sees the driver blocked on it, and reports a deadlock if nothing can complete it.
                await Clock.WhenTimerArmed();
            }
        }
        ThrowIfFailed(null);
        await mainTask;
    }

    private void RecordFailure(string task, Exception error)
    {
        _failure ??= (task, error);
        Clock.WakeDriver();
    }

    private void ThrowIfFailed(DeterministicScheduler? scheduler)
    {
        if (scheduler?.Escape is { } escape) throw Failure("Determinism lost: " + escape, null);
        if (_failure is { } f) throw Failure($"Simulated task '{f.Task}' failed: {f.Error.Message}", f.Error);
    }

    private SimulationException Failure(string message, Exception? inner) =>
        new(message, Seed, Clock.GetUtcNow(), Clock.Elapsed, inner);

    public void Dispose() => Trace.Dispose();
}
