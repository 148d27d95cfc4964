using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Ports;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// "Initial replication done" is an event the data plane raises and the orchestrator queues on the item:
/// applied at once in initial replication, held while the job that started replication runs, dropped when
/// that job fails. (It replaced a 1-second poll.)
/// </summary>
public sealed class InitialReplicationEventTests
{
    [Fact]
    public void ReportedAfterTheEnablingJobItCompletesAtOnce() => Run(async (h, o) =>
    {
        Assert.Equal(JobState.Succeeded, (await o.EnableProtectionAsync("vm-1", Harness.Enable)).State);
        Assert.Equal(ProtectionState.InitialReplication, o.Item("vm-1").State);
        var ended = o.InitialReplicationEndedAsync("vm-1");
        Assert.False(ended.IsCompleted);
        var at = h.Time.GetUtcNow();
        await o.ReportInitialReplicationAsync("vm-1");
        Assert.Equal(ProtectionState.Protected, o.Item("vm-1").State);
        Assert.True(ended.IsCompleted);
        Assert.Equal(at, h.Time.GetUtcNow()); // no poll interval
    });

    [Fact]
    public void ReportedWhileTheEnablingJobRunsItIsAppliedAtTheJobsEnd() => Run(async (h, o) =>
    {
        var job = o.EnableProtectionAsync("vm-1", Harness.Enable);
        await h.Time.Delay(TimeSpan.FromMinutes(1));
        Assert.Equal(ProtectionState.EnablingProtection, o.Item("vm-1").State);
        await o.ReportInitialReplicationAsync("vm-1");
        Assert.Equal(ProtectionState.EnablingProtection, o.Item("vm-1").State); // held, not fired in the wrong state
        Assert.Equal(JobState.Succeeded, (await job).State);
        Assert.Equal(ProtectionState.Protected, o.Item("vm-1").State);
    });

    [Fact]
    public void ReportedWhileAJobThatThenFailsRunsItIsDropped() => Run(async (h, o) =>
    {
        h.Replication.Faults["EnableReplication:vm-1"] = new InvalidOperationException("planted");
        var job = o.EnableProtectionAsync("vm-1", Harness.Enable);
        await h.Time.Delay(TimeSpan.FromSeconds(1));
        await o.ReportInitialReplicationAsync("vm-1");
        Assert.Equal(JobState.Failed, (await job).State);
        Assert.NotEqual(ProtectionState.Protected, o.Item("vm-1").State);
        Assert.NotEqual(ProtectionState.InitialReplication, o.Item("vm-1").State);
    });

    private static void Run(Func<Harness, Orchestrator, Task> test)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1");
            await test(h, h.Orchestrator);
        });
    }
}
