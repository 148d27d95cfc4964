using BenchmarkDotNet.Attributes;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Replication;

namespace Failback.Benchmarks.Orchestration;

/// <summary>
/// The cost of the control plane's state machine: one protected item round the whole cycle (21 fires),
/// and computing allowedOperations (which evaluates every operation's guards).
/// </summary>
[MemoryDiagnoser]
public class ItemMachineBenchmarks
{
    private static readonly EnableProtectionInput Enable = new("ps-1");
    private static readonly ReprotectToOnPremisesInput Back = new("mt-1", "ps-azure-1", "datastore1", "R:");
    private static readonly ReprotectToAzureInput Forward = new("ps-1");
    private static readonly RecoveryPoint Point = new(1, Failback.Engine.Replication.ConsistencyType.CrashConsistent, DateTimeOffset.UnixEpoch, 1);
    private readonly ProtectedItemMachine _committed = new(new ProtectedItem
    {
        Id = "vm-1", Name = "vm-1", State = ProtectionState.FailoverCommittedInAzure, ActiveLocation = Site.Azure,
    });

    [Benchmark]
    public ProtectionState FullCycle()
    {
        var m = new ProtectedItemMachine(new ProtectedItem { Id = "vm-1", Name = "vm-1" });
        Wait(m.EnableProtectionAsync(Enable));
        Wait(m.JobSucceededAsync());
        Wait(m.InitialReplicationCompletedAsync());
        Wait(m.UnplannedFailoverAsync(Point));
        Wait(m.JobSucceededAsync());
        Wait(m.CommitAsync());
        Wait(m.JobSucceededAsync());
        Wait(m.ReverseReplicateAsync(Back));
        Wait(m.JobFailedAsync(ErrorCatalog.InternalError.Create("retry")));
        Wait(m.ReverseReplicateAsync(Back));
        Wait(m.JobSucceededAsync());
        Wait(m.InitialReplicationCompletedAsync());
        Wait(m.UnplannedFailoverAsync(Point));
        Wait(m.JobSucceededAsync());
        Wait(m.CommitAsync());
        Wait(m.JobSucceededAsync());
        Wait(m.ReverseReplicateAsync(Forward));
        Wait(m.JobSucceededAsync());
        Wait(m.InitialReplicationCompletedAsync());
        Wait(m.DisableProtectionAsync());
        Wait(m.JobSucceededAsync());
        return m.Item.State;
    }

    [Benchmark]
    public int AllowedOperations() => _committed.AllowedOperations.Count;

    // Every action of the machine is synchronous, so FireAsync has completed when it returns.
    private static void Wait(Task fire)
    {
        if (!fire.IsCompleted) throw new InvalidOperationException("A fire did not complete synchronously.");
        fire.GetAwaiter().GetResult();
    }
}
