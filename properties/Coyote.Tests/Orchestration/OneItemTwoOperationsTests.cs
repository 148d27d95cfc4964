using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Coyote.Tests.Orchestration;

/// <summary>
/// Two operations submitted on one item at once, in every order Coyote explores: one runs and the other
/// is refused (CYC-1) or runs after the first, so the state machine is never fired concurrently and only one job changes the item.
/// </summary>
public sealed class OneItemTwoOperationsTests(ITestOutputHelper output)
{
    private const uint Iterations = 100;

    internal static Task Scenario() => Scenario((r, d, m, j, t) => new Orchestrator(r, d, m, j, t));

    private static Task Unserialized() => Scenario((r, d, m, j, t) => new UnserializedOrchestrator(r, d, m, j, t));

    private static async Task Scenario(Func<IReplicationService, ISiteDiscovery, ISiteMachines, IJobStore, TimeProvider, Orchestrator> orchestrator)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5, Hosted = true });
        await sim.RunHostedAsync(async () =>
        {
            var h = new Harness(sim, orchestrator);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            // A disable arrives 0-59 s after a reprotect, inside or after the reprotect's 30 s prerequisite check:
            // Coyote chooses (and its trace records) the lag, as it chooses the schedule.
            var lag = TimeSpan.FromSeconds(Microsoft.Coyote.Random.Generator.Create().NextInteger(60));
            var outcomes = await Task.WhenAll(new[]
            {
                Outcome(h.Orchestrator.ReprotectAsync("vm-1", Harness.Back)),
                Outcome(Later(sim, lag, () => h.Orchestrator.DisableProtectionAsync("vm-1"))),
            });
            // The only legal histories are sequential ones: the disable is refused while the reprotect runs,
            // or it runs after the reprotect's job has ended (the item is then in initial replication, where disable is allowed).
            var (reprotect, disable) = (outcomes[0], outcomes[1]);
            var state = h.Orchestrator.Item("vm-1").State;
            var history = $"not a sequential history: reprotect {reprotect.Job?.State.ToString() ?? reprotect.Error?.Code}, disable {lag.TotalSeconds:F0} s later {disable.Job?.State.ToString() ?? disable.Error?.Code}; item ends {state}; changes [{string.Join("; ", h.Replication.Changes)}]";
            Specification.Assert(reprotect.Job is { State: JobState.Succeeded }, history);
            if (disable.Error is not null)
                Specification.Assert(disable.Error.Rule == "CYC-1" && state == ProtectionState.InitialReplicationToOnPremises, history);
            else
                Specification.Assert(disable.Job!.State == JobState.Succeeded && disable.Job.StartTime >= reprotect.Job!.EndTime && state == ProtectionState.ProtectionDisabledInAzure,
                    history);
        }, deadline: TimeSpan.FromHours(1));
    }

    private static async Task<Job> Later(Simulation sim, TimeSpan lag, Func<Task<Job>> submit)
    {
        await sim.Clock.Delay(lag);
        return await submit();
    }

    private static async Task<(Job? Job, AsrError? Error)> Outcome(Task<Job> submitted)
    {
        try
        {
            return (await submitted, null);
        }
        catch (AsrException e)
        {
            return (null, e.Error);
        }
    }

    [Fact]
    public void CYC1_TwoOperationsOnOneItem_OneRunsTheOtherIsRefused_InEveryExploredSchedule()
    {
        CoyoteRun.AssertRewritten(typeof(OneItemTwoOperationsTests).Assembly, typeof(Orchestrator).Assembly, typeof(Simulation).Assembly, typeof(Stateless.StateMachine<,>).Assembly);
        CoyoteRun.Passes(output, "one item, two operations", CoyoteRun.Configuration(Iterations), Scenario);
    }

    [Fact]
    public void CoyoteFindsAnOrchestratorThatDoesNotSerializeFires_AndItsTraceReplaysIt() =>
        Assert.Contains("not a sequential history", CoyoteRun.FindsBug(output, CoyoteRun.Configuration(Iterations), Unserialized, "one item, two operations vs an orchestrator not serializing fires"), StringComparison.Ordinal);
}
