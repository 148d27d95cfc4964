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

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, delay, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        await done.Task;
    }
}
