namespace Failback.Simulators.Kernel;

/// <summary>
/// One thread, one FIFO queue: the SynchronizationContext that await continuations post to and the
/// TaskScheduler that tasks started through the kernel run on. Work that arrives from another thread
/// escaped the simulation (Task.Run, ConfigureAwait(false), a thread-pool callback): it is recorded
/// as an escape so the run fails loudly instead of silently losing determinism.
/// </summary>
public sealed class DeterministicScheduler : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private readonly object _gate = new();
    private int _ownerThread = -1; // bound when a run starts; posts before that are setup work

    public DeterministicScheduler() => TaskScheduler = new KernelTaskScheduler(this);

    public TaskScheduler TaskScheduler { get; }

    /// <summary>Set when work was posted from outside the kernel's thread.</summary>
    public string? Escape { get; private set; }

    public int Ready
    {
        get { lock (_gate) return _ready.Count; }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            if (_ownerThread != -1 && Environment.CurrentManagedThreadId != _ownerThread)
                Escape ??= $"work was posted from thread {Environment.CurrentManagedThreadId}, outside the kernel's thread " +
                           "(Task.Run, ConfigureAwait(false) or a thread-pool callback inside simulated code?)";
            _ready.Enqueue((d, state));
        }
    }

    /// <summary>Makes the calling thread the one simulated work must run on.</summary>
    public void BindToCurrentThread() => _ownerThread = Environment.CurrentManagedThreadId;

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block the single simulation thread; use Post.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs one ready work item; false when none is ready.</summary>
    public bool RunOne()
    {
        (SendOrPostCallback Callback, object? State) item;
        lock (_gate)
        {
            if (!_ready.TryDequeue(out item)) return false;
        }
        item.Callback(item.State);
        return true;
    }

    private sealed class KernelTaskScheduler(DeterministicScheduler owner) : TaskScheduler
    {
        public override int MaximumConcurrencyLevel => 1;

        protected override void QueueTask(Task task) => owner.Post(static s => ((Work)s!).Run(), new Work(this, task));

        // Inline only on the kernel's own thread, where it cannot reorder anything observable.
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            !taskWasPreviouslyQueued && SynchronizationContext.Current == owner && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => [];

        private sealed class Work(KernelTaskScheduler scheduler, Task task)
        {
            public void Run() => scheduler.TryExecuteTask(task);
        }
    }
}
