using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Services;

namespace Failback.Coyote.Tests.Orchestration;

/// <summary>Planted bug: an orchestrator whose item queues run work at once, so one item's fires are not serialized.</summary>
public sealed class UnserializedOrchestrator(IReplicationService replication, ISiteDiscovery discovery, ISiteMachines machines, IJobStore jobs, TimeProvider time)
    : Orchestrator(replication, discovery, machines, jobs, time)
{
    protected override ItemQueue NewQueue() => new PassThroughQueue();

    private sealed class PassThroughQueue : ItemQueue
    {
        public override Task<T> RunAsync<T>(Func<Task<T>> work) => work();
    }
}
