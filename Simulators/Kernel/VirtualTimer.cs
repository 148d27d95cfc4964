namespace Failback.Simulators.Kernel;

/// <summary>A timer of the <see cref="VirtualClock"/>; changing or disposing it invalidates its queued entry.</summary>
internal sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
{
    private long _armedSequence; // 0 = not armed
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    // Disposing disarms, and sequences start at 1, so a disposed timer never matches.
    public bool IsArmedFor(long sequence) => _armedSequence == sequence;

    /// <summary>Called by the clock when it queues this timer, before anyone can observe the queue.</summary>
    internal void Armed(long sequence)
    {
        _armedSequence = sequence;
        clock.CountLive(+1);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        // Validate first: a refused change leaves the timer as it was (System.Threading.Timer's rules).
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be zero or more, or Timeout.InfiniteTimeSpan to stop it.");
        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timer's period must be zero or more, or Timeout.InfiniteTimeSpan for a one-shot timer.");
        if (_disposed) return false;
        Disarm();
        _period = period;
        if (dueTime != Timeout.InfiniteTimeSpan) clock.Arm(this, dueTime);
        return true;
    }

    internal void Fire()
    {
        Disarm();
        if (_period > TimeSpan.Zero) clock.Arm(this, _period); // Timeout.InfiniteTimeSpan is negative: one-shot
        callback(state);
    }

    private void Disarm()
    {
        if (_armedSequence == 0) return;
        _armedSequence = 0;
        clock.CountLive(-1);
    }

    public void Dispose()
    {
        if (_disposed) return;
        Disarm();
        _disposed = true;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
