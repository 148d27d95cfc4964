using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>What a running step sees: the item and cancellation; as an IProgress it takes the task's percent complete.</summary>
internal sealed class StepContext(ProtectedItem item, Action<int> reportProgress, CancellationToken cancellationToken,
    Func<Action<ProtectedItemMachine>, Task> onMachine) : IProgress<int>
{
    /// <summary>Runs <paramref name="change"/> on the item's state machine in the item's queue (what a task learns, e.g. a failover's synchronized point).</summary>
    public Task OnMachineAsync(Action<ProtectedItemMachine> change) => onMachine(change);

    public ProtectedItem Item { get; } = item;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public void Report(int value) => reportProgress(value);
}
