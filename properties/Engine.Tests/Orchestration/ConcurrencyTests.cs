using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>Operations on one item are serialized through its queue; different items run at the same time.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void TwoConcurrentFailoversOfOneItem_OneRunsTheOtherIsRefused()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            h.SeedPoints("vm-1");

            var outcomes = await Task.WhenAll(new[]
            {
                Outcome(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest)),
                Outcome(h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.LatestAppConsistent)),
            });

            Assert.Equal(JobState.Succeeded, outcomes[0].Job!.State);
            Assert.Equal("CYC-1", outcomes[1].Error!.Rule);
            Assert.Contains("in protection state UnplannedFailoverInitiated; allowed operations: none", outcomes[1].Error!.Message, StringComparison.Ordinal);
            Assert.Single(h.Jobs.All());
            Assert.Equal(["Recover vm-1 crash-0100 Azure"], h.Replication.Changes);
            Assert.Equal(ProtectionState.FailedOverToAzure, h.Orchestrator.Item("vm-1").State);
        });
    }

    [Fact]
    public void ASecondOperationWaitsForTheFirstOnesPrerequisitesBeforeItIsJudged()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Add("vm-2", ProtectionState.FailoverCommittedInAzure);
            h.Discovery.Failback = (item, env) => item.Id == "vm-2" ? env with { MasterTarget = env.MasterTarget! with { StorageVMotioned = true } } : env;

            // vm-1: reprotect passes its prerequisites first, so the disable queued behind it is refused.
            // vm-2: reprotect fails its prerequisites and changes nothing, so the disable then runs.
            var outcomes = await Task.WhenAll(new[]
            {
                Outcome(h.Orchestrator.ReprotectAsync("vm-1", Harness.Back)),
                Outcome(h.Orchestrator.DisableProtectionAsync("vm-1")),
                Outcome(h.Orchestrator.ReprotectAsync("vm-2", Harness.Back)),
                Outcome(h.Orchestrator.DisableProtectionAsync("vm-2")),
            });

            Assert.Equal(JobState.Succeeded, outcomes[0].Job!.State);
            Assert.Contains("in protection state ReprotectInitiated", outcomes[1].Error!.Message, StringComparison.Ordinal);
            Assert.Equal("PRE-8", Assert.Single(outcomes[2].Job!.Errors).Rule);
            Assert.Equal(JobState.Succeeded, outcomes[3].Job!.State);
            Assert.Equal(ProtectionState.InitialReplicationToOnPremises, h.Orchestrator.Item("vm-1").State);
            Assert.Equal(ProtectionState.ProtectionDisabledInAzure, h.Orchestrator.Item("vm-2").State);
        });
    }

    [Fact]
    public void DifferentItemsRunAtTheSameTime()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var ids = Enumerable.Range(1, 10).Select(i => $"vm-{i}").ToArray();
            foreach (var id in ids)
            {
                h.Add(id, ProtectionState.Protected);
                h.SeedPoints(id);
            }

            var jobs = await Task.WhenAll(ids.Select(id => h.Orchestrator.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest)).ToArray());

            Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
            // One failover's worth of virtual time for all ten: recover, then start.
            Assert.Equal(h.Replication.StepTime + h.Machines.StepTime, sim.Clock.Elapsed);
            Assert.Equal(ids.Length, h.Jobs.All().Select(j => j.Id).Distinct().Count());
        });
    }

    [Fact]
    public void TheItemQueueRunsWorkOneAtATimeInArrivalOrder()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var queue = new ItemQueue();
            var log = new List<string>();
            var running = 0;
            async Task Work(string name, TimeSpan duration, bool fail)
            {
                await queue.RunAsync(async () =>
                {
                    Assert.Equal(1, ++running);
                    log.Add($"{name} start");
                    await Engine.Ports.VirtualTime.Delay(sim.Clock, duration);
                    log.Add($"{name} end");
                    running--;
                    if (fail) throw new InvalidOperationException(name);
                });
            }

            var a = Work("a", TimeSpan.FromMinutes(3), fail: true);
            var b = Work("b", TimeSpan.FromMinutes(1), fail: false);
            var c = Work("c", TimeSpan.Zero, fail: false);
            await Assert.ThrowsAsync<InvalidOperationException>(() => a);
            await Task.WhenAll(new[] { b, c });

            Assert.Equal(["a start", "a end", "b start", "b end", "c start", "c end"], log);
            Assert.Equal(TimeSpan.FromMinutes(4), sim.Clock.Elapsed);
        });
    }

    [Fact]
    public void TheSameSeedGivesTheSameJobsToTheLastTick()
    {
        static IReadOnlyList<Job> RunOnce()
        {
            using var sim = new Simulation(new SimulationOptions { Seed = 7 });
            return sim.Run(async () =>
            {
                var h = new Harness(sim);
                foreach (var id in new[] { "db-1", "db-2", "web-1" })
                {
                    h.Add(id, ProtectionState.Protected);
                    h.SeedPoints(id);
                }
                h.Machines.Faults["Start:db-2"] = FakeReplicationService.Fault(ErrorCatalog.InternalError);
                var plan = new Engine.Orchestration.Plans.RecoveryPlan("app", [["db-1", "db-2"], ["web-1"]]);
                await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime);
                await Task.WhenAll(new[] { Outcome(h.Orchestrator.UnplannedFailoverAsync("db-2", UnplannedFailoverInput.Latest)), Outcome(h.Orchestrator.CommitAsync("db-1")) });
                return h.Jobs.History;
            });
        }

        var first = RunOnce();
        var second = RunOnce();
        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), pair => Assert.Equivalent(pair.First, pair.Second, strict: true));
    }

    private static async Task<(Job? Job, AsrError? Error)> Outcome(Task<Job> operation)
    {
        try
        {
            return (await operation, null);
        }
        catch (AsrException e)
        {
            return (null, e.Error);
        }
    }
}
