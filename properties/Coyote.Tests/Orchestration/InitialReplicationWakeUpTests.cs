using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Items;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Coyote.Tests.Orchestration;

/// <summary>
/// A drill waits for an item's initial replication to end while the data plane's report of that end is fired on
/// the item: in every order Coyote explores, the wait wakes (no lost wake-up between looking at the state and
/// subscribing to its changes; this hung the main drill under Coyote after reprotect).
/// </summary>
public sealed class InitialReplicationWakeUpTests(ITestOutputHelper output)
{
    private const uint Iterations = 100;

    private static Task Scenario() => Scenario((o, id) => o.InitialReplicationEndedAsync(id));

    /// <summary>The wait as it was: look first, subscribe after.</summary>
    private static Task LookThenSubscribe() => Scenario((o, id) =>
    {
        if (o.Item(id).State != ProtectionState.InitialReplicationToOnPremises) return Task.CompletedTask;
        var ended = new TaskCompletionSource();
        void Check(ProtectedItem item)
        {
            if (item.Id != id || item.State == ProtectionState.InitialReplicationToOnPremises) return;
            o.ItemChanged -= Check;
            ended.TrySetResult();
        }
        o.ItemChanged += Check;
        return ended.Task;
    });

    private static async Task Scenario(Func<Orchestrator, string, Task> waitForEnd)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5, Hosted = true });
        await sim.RunHostedAsync(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.InitialReplicationToOnPremises);
            var waiting = sim.Spawn("drill waits", () => waitForEnd(h.Orchestrator, "vm-1"));
            var reported = sim.Spawn("data plane reports", () => h.Orchestrator.ReportInitialReplicationAsync("vm-1"));
            // No timeout here (the hosted clock may fire a timer before a ready task runs): a wait that never
            // wakes leaves every task blocked, which Coyote reports as a deadlock.
            await reported;
            await waiting;
            Specification.Assert(h.Orchestrator.Item("vm-1").State == ProtectionState.ProtectedToOnPremises, $"the item is {h.Orchestrator.Item("vm-1").State}");
        }, deadline: TimeSpan.FromHours(1));
    }

    [Fact]
    public void TheWaitForInitialReplicationWakes_InEveryExploredSchedule()
    {
        CoyoteRun.AssertRewritten(typeof(InitialReplicationWakeUpTests).Assembly, typeof(Orchestrator).Assembly, typeof(Simulation).Assembly);
        CoyoteRun.Passes(output, "initial replication wake-up", CoyoteRun.Configuration(Iterations), Scenario);
    }

    [Fact]
    public void CoyoteFindsTheLostWakeUpOfAWaitThatLooksBeforeItSubscribes() =>
        Assert.Contains("Deadlock", CoyoteRun.FindsBug(output, CoyoteRun.Configuration(Iterations), LookThenSubscribe, "look-then-subscribe wait"), StringComparison.Ordinal);
}
