using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>What a running step sees: the item and cancellation; as an IProgress it takes the task's percent complete.</summary>
internal sealed class StepContext(ProtectedItem item, Action<int> reportProgress, CancellationToken cancellationToken) : IProgress<int>
{
    public ProtectedItem Item { get; } = item;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public void Report(int value) => reportProgress(value);
}
