namespace Failback.Simulators.Kernel;

/// <summary>
/// Virtual time as a <see cref="TimeProvider"/>. Time never moves by itself: the kernel (or, under
/// Coyote, a driver task) fires the earliest timer, and the clock jumps to its due time. Timers due
/// at the same instant fire in creation order, so ties are broken deterministically.
/// Not thread-safe by design: everything runs on one logical thread.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> _timers = new();
    private readonly DateTimeOffset _epoch;
    private long _elapsedTicks;
    private long _sequence;
    private int _liveTimers;
    private TaskCompletionSource? _timerCreated;

    public static readonly DateTimeOffset DefaultEpoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public VirtualClock(DateTimeOffset? epoch = null) => _epoch = (epoch ?? DefaultEpoch).ToUniversalTime();

    public DateTimeOffset Epoch => _epoch;
    public TimeSpan Elapsed => new(_elapsedTicks);
    public override DateTimeOffset GetUtcNow() => _epoch.AddTicks(_elapsedTicks);
    public override long GetTimestamp() => _elapsedTicks;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

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
            while (_timers.TryPeek(out var timer, out var key))
            {
                if (timer.IsArmedFor(key.Sequence)) return new TimeSpan(key.Due);
                _timers.Dequeue(); // stale entry of a changed or disposed timer
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
        if (NextDue is not { } due || (limit is { } l && due > l)) return false;
        var timer = _timers.Dequeue();
        if (due.Ticks > _elapsedTicks) _elapsedTicks = due.Ticks;
        timer.Fire();
        return true;
    }

    /// <summary>Moves the clock forward to <paramref name="elapsed"/> without firing anything (used at a deadline).</summary>
    public void AdvanceTo(TimeSpan elapsed)
    {
        if (elapsed.Ticks > _elapsedTicks) _elapsedTicks = elapsed.Ticks;
    }

    /// <summary>Completes when a timer is next armed; lets a Coyote driver wait instead of spinning.</summary>
    public Task WhenTimerArmed() => (_timerCreated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal long Arm(VirtualTimer timer, TimeSpan dueTime)
    {
        var due = _elapsedTicks + Math.Max(0, dueTime.Ticks);
        var sequence = ++_sequence;
        _timers.Enqueue(timer, (due, sequence));
        var armed = _timerCreated;
        _timerCreated = null;
        armed?.TrySetResult();
        return sequence;
    }

    internal void CountLive(int delta) => _liveTimers += delta;
}
