using Failback.Engine.Orchestration.Items;

namespace Failback.Engine.Orchestration.Jobs;

/// <summary>What a running step sees: the item, cancellation, and a way to report its progress in percent.</summary>
public sealed class StepContext(ProtectedItem item, Action<int> reportProgress, CancellationToken cancellationToken)
{
    public ProtectedItem Item { get; } = item;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public void ReportProgress(int percent) => reportProgress(percent);
}
