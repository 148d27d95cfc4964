namespace Failback.Simulators.Kernel;

/// <summary>
/// Virtual time as a <see cref="TimeProvider"/>. Time never moves by itself: the kernel (or, under
/// Coyote, a driver task) fires the earliest timer, and the clock jumps to its due time. Timers due
/// at the same instant fire in creation order, so ties are broken deterministically.
/// Not thread-safe by design: everything runs on one logical thread.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly TimerHeap _timers = new();
    private readonly DateTimeOffset _epoch;
    private long _elapsedTicks;
    private long _sequence;
    private int _liveTimers;
    private TaskCompletionSource? _timerCreated;
    // While a timer's callback runs, its entry stays at the top of the queue: re-arming that timer then
    // replaces the entry in one sift (ReplaceTop) instead of a dequeue and an enqueue. Everything
    // armed meanwhile sorts after it (due no earlier than now, later sequence), so it stays on top.
    private VirtualTimer? _firingAtTop;

    public static readonly DateTimeOffset DefaultEpoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public VirtualClock(DateTimeOffset? epoch = null) => _epoch = (epoch ?? DefaultEpoch).ToUniversalTime();

    public DateTimeOffset Epoch => _epoch;
    public TimeSpan Elapsed => new(_elapsedTicks);
    public override DateTimeOffset GetUtcNow() => _epoch.AddTicks(_elapsedTicks);
    public override long GetTimestamp() => _elapsedTicks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>
    /// Set while <see cref="Simulation.Probe{T}"/> reads the world at the current instant: every timer armed meanwhile is
    /// due now (a call's latency takes no virtual time), the trace records nothing and fault rules are consulted without
    /// being counted, so the probe leaves the run as it found it.
    /// </summary>
    public bool Frozen { get; internal set; }

    /// <summary>Timers that are armed (not disposed, not yet fired if one-shot).</summary>
    public int PendingTimers => _liveTimers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The due time of the earliest armed timer, if any.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            RemoveFiredEntry();
            while (_timers.Count > 0)
            {
                ref readonly var top = ref _timers.Top;
                if (top.Timer.IsArmedFor(top.Sequence)) return new TimeSpan(top.Due);
                _timers.RemoveTop(); // stale entry of a changed or disposed timer
            }
            return null;
        }
    }

    /// <summary>
    /// Fires the earliest armed timer if it is due at or before <paramref name="limit"/>, moving the
    /// clock to its due time. Returns false when no such timer exists.
    /// </summary>
    public bool FireNext(TimeSpan? limit = null)
    {
        RemoveFiredEntry();
        while (_timers.Count > 0)
        {
            ref readonly var top = ref _timers.Top;
            var timer = top.Timer;
            if (!timer.IsArmedFor(top.Sequence))
            {
                _timers.RemoveTop(); // stale entry of a changed or disposed timer
                continue;
            }
            if (limit is { } l && top.Due > l.Ticks) return false;
            if (top.Due > _elapsedTicks) _elapsedTicks = top.Due;
            _firingAtTop = timer;
            timer.Fire();
            RemoveFiredEntry(); // if the callback threw, the next FireNext or NextDue removes it instead
            return true;
        }
        return false;
    }

    /// <summary>Drops the entry of the timer that fired, unless its callback already re-armed it in place.</summary>
    private void RemoveFiredEntry()
    {
        if (_firingAtTop is null) return;
        _firingAtTop = null;
        _timers.RemoveTop();
    }

    /// <summary>Moves the clock forward to <paramref name="elapsed"/> without firing anything (used at a deadline).</summary>
    public void AdvanceTo(TimeSpan elapsed)
    {
        if (elapsed.Ticks > _elapsedTicks) _elapsedTicks = elapsed.Ticks;
    }

    /// <summary>Completes when a timer is next armed; lets a Coyote driver wait instead of spinning.</summary>
    public Task WhenTimerArmed() => (_timerCreated ??= new TaskCompletionSource()).Task;

    internal void Arm(VirtualTimer timer, TimeSpan dueTime)
    {
        var due = _elapsedTicks + (Frozen ? 0 : Math.Max(0, dueTime.Ticks));
        var sequence = ++_sequence;
        timer.Armed(sequence);
        if (ReferenceEquals(timer, _firingAtTop))
        {
            _firingAtTop = null;
            _timers.ReplaceTop(new TimerHeap.Entry(due, sequence, timer));
        }
        else
        {
            _timers.Enqueue(new TimerHeap.Entry(due, sequence, timer));
        }
        WakeDriver(); // last: the woken driver may run at once and must see a consistent queue
    }

    /// <summary>Completes the task of <see cref="WhenTimerArmed"/>: a timer was armed, or the run changed state.</summary>
    internal void WakeDriver()
    {
        var waiting = _timerCreated;
        if (waiting is null) return;
        _timerCreated = null;
        waiting.TrySetResult();
    }

    internal void CountLive(int delta) => _liveTimers += delta;
}
