namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// Runs the work given to it one at a time, in arrival order: what serializes every fire of one item's
/// state machine. Built on TaskCompletionSource and Interlocked (no lock, no SemaphoreSlim) so both the
/// kernel's scheduler and Coyote control it.
/// </summary>
public class ItemQueue
{
    private Task _tail = Task.CompletedTask;

    /// <summary>Virtual only so tests can plant a queue that does not serialize and show the checkers catch it.</summary>
    public virtual async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _tail, done.Task);
        try
        {
            await previous;
            return await work();
        }
        finally
        {
            done.SetResult();
        }
    }

    public Task RunAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(async () =>
        {
            await work();
            return true;
        });
    }
}
