using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// One operation on one item: why it may be refused, its prerequisite checks (which only read), how it
/// moves the state machine, and its ordered tasks (which can depend on where the item runs when the job starts).
/// </summary>
internal sealed record OperationRecipe(
    AsrOperation Operation,
    Func<ProtectedItemMachine, AsrError?> Refusal,
    Func<ProtectedItem, CancellationToken, Task<IReadOnlyList<AsrError>>> Prerequisites,
    Func<ProtectedItemMachine, Task> Start,
    Func<ProtectedItem, IReadOnlyList<JobStep>> Steps)
{
    /// <summary>The notes the job records (ASR's comments of a test failover cleanup).</summary>
    public string? Comments { get; init; }
}
