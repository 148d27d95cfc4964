namespace Failback.Engine.Ports;

/// <summary>
/// Waiting on a <see cref="TimeProvider"/> without <c>Task.Delay</c>: the timer completes a
/// TaskCompletionSource, which both the simulation kernel and Coyote's scheduler control
/// (Task.Delay(TimeSpan, TimeProvider) escapes Coyote).
/// </summary>
public static class VirtualTime
{
    public static async Task Delay(this TimeProvider time, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        if (delay == TimeSpan.Zero) return;

        // No RunContinuationsAsynchronously: that hands the continuation to the thread pool, outside
        // Coyote's control (a false deadlock). The awaiting code still resumes through its captured
        // context: on the kernel that is the kernel's own thread, at the instant the timer fires.
        var done = new TaskCompletionSource();
        using var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, delay, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        await done.Task;
    }
}
