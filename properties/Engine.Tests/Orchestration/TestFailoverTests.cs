using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// ASR's test failover and its cleanup on the orchestrator: the item stays Protected and replicating, testFailoverState
/// moves, a pending test blocks another test, a failover and disabling protection (FB1004), cleanup deletes the test VM
/// and records notes; the same for a recovery plan.
/// </summary>
public sealed class TestFailoverTests
{
    [Fact]
    public void ATestFailoverLeavesTheItemProtectedUntilItsCleanup()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            h.SeedPoints("vm-1");
            Assert.Contains(AsrOperation.TestFailover, h.Orchestrator.AllowedOperations("vm-1"));

            var job = await h.Orchestrator.TestFailoverAsync("vm-1", new TestFailoverInput(RecoveryPointType: RecoveryPointType.LatestTag));
            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(("TestFailover", "Test failover"), (job.ScenarioName, job.FriendlyName));
            Assert.Equal(["Prerequisites check for test failover", JobNames.CreateTestVm, JobNames.PreparingVm, JobNames.StartVm], job.Tasks.Select(t => t.Name));
            var item = h.Orchestrator.Item("vm-1");
            Assert.Equal((ProtectionState.Protected, TestFailoverState.TestFailoverCompleted), (item.State, item.TestFailoverState));
            Assert.Equal("app-0050", item.TestFailoverRecoveryPoint!.Id); // the latest app-consistent point, not the latest
            // Replication is not stopped or recovered: only the test disks were made from the point.
            Assert.Equal(["CreateTestDisks vm-1 app-0050"], h.Replication.Changes);
            Assert.Equal(["PrepareTestVm vm-1 isolated", "StartTestVm vm-1"], h.Machines.Changes);
            Assert.Equal([AsrOperation.TestFailoverCleanup], h.Orchestrator.AllowedOperations("vm-1"));
            var status = ItemStatus.Of(item, h.Orchestrator.AllowedOperations("vm-1"), null);
            Assert.Equal(("TestFailoverCompleted", "Test failover completed, cleanup pending"), (status.TestFailoverState, status.TestFailoverStateDescription));

            foreach (var refused in new Func<Task<Job>>[]
            {
                () => h.Orchestrator.TestFailoverAsync("vm-1", new TestFailoverInput()),
                () => h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest),
                () => h.Orchestrator.DisableProtectionAsync("vm-1"),
            })
            {
                var e = await Assert.ThrowsAsync<AsrException>(refused);
                Assert.Equal("FB1004", e.Error.Code);
                Assert.Contains("'vm-1-name' has a test failover", e.Error.Message, StringComparison.Ordinal);
            }

            var cleanup = await h.Orchestrator.TestFailoverCleanupAsync("vm-1", new TestFailoverCleanupInput("booted; app answered"));
            Assert.Equal((JobState.Succeeded, "TestFailoverCleanup", "booted; app answered"), (cleanup.State, cleanup.ScenarioName, cleanup.Comments));
            Assert.Equal(["Prerequisites check for test failover cleanup", JobNames.DeleteTestVm], cleanup.Tasks.Select(t => t.Name));
            Assert.Equal(TestFailoverState.None, h.Orchestrator.Item("vm-1").TestFailoverState);
            Assert.Empty(h.Machines.TestVms);
            Assert.Equal([AsrOperation.UnplannedFailover, AsrOperation.DisableProtection, AsrOperation.TestFailover], h.Orchestrator.AllowedOperations("vm-1"));
            Assert.Equal("FB1001", (await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.TestFailoverCleanupAsync("vm-1", new TestFailoverCleanupInput()))).Error.Code);
            // Failover works again after the cleanup.
            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest)).State);
        });
    }

    [Fact]
    public void AFailedTestFailoverIsCleanedUpAndTestedAgain()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 2 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-2", ProtectionState.Protected);
            h.SeedPoints("vm-2");
            h.Machines.Faults["StartTestVm:vm-2"] = FakeReplicationService.Fault(ErrorCatalog.InternalError);

            var failed = await h.Orchestrator.TestFailoverAsync("vm-2", new TestFailoverInput("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/test-net"));
            Assert.Equal((JobState.Failed, JobState.Failed), (failed.State, failed.Tasks[^1].State));
            var item = h.Orchestrator.Item("vm-2");
            Assert.Equal((ProtectionState.Protected, TestFailoverState.TestFailoverFailed, "FB9002"), (item.State, item.TestFailoverState, item.LastError?.Code));
            Assert.Equal([AsrOperation.TestFailoverCleanup], h.Orchestrator.AllowedOperations("vm-2"));
            Assert.Contains("PrepareTestVm vm-2 /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/test-net", h.Machines.Changes);

            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.TestFailoverCleanupAsync("vm-2", new TestFailoverCleanupInput())).State);
            Assert.Null(h.Orchestrator.Item("vm-2").LastError);
            var custom = await h.Orchestrator.TestFailoverAsync("vm-2", new TestFailoverInput(null, RecoveryPointType.Custom, "crash-0015"));
            Assert.Equal(("crash-0015", TestFailoverState.TestFailoverCompleted), (h.Orchestrator.Item("vm-2").TestFailoverRecoveryPoint!.Id, h.Orchestrator.Item("vm-2").TestFailoverState));
            Assert.Equal(JobState.Succeeded, custom.State);
        });
    }

    [Theory]
    [InlineData(ProtectionState.InitialReplication)]
    [InlineData(ProtectionState.FailedOverToAzure)]
    [InlineData(ProtectionState.ProtectedToOnPremises)] // classic failback offers no test failover from Azure
    [InlineData(ProtectionState.FailbackCommitted)]
    public void TestFailoverIsOfferedOnlyWhileProtectedToAzure(ProtectionState state)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-3", state);
            h.SeedPoints("vm-3");
            Assert.DoesNotContain(AsrOperation.TestFailover, h.Orchestrator.AllowedOperations("vm-3"));
            var e = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.TestFailoverAsync("vm-3", new TestFailoverInput()));
            Assert.Equal("FB1001", e.Error.Code);
            Assert.Empty(h.Replication.Changes);
            Assert.Equal(state, h.Orchestrator.Item("vm-3").State);
        });
    }

    [Fact]
    public void ARecoveryPlanIsTestedAndCleanedUpGroupByGroup()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 4 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var id in new[] { "web-1", "web-2", "db-1" })
            {
                h.Add(id, ProtectionState.Protected);
                h.SeedPoints(id);
            }
            var plan = new RecoveryPlan("shop", [["db-1"], ["web-2", "web-1"]]);
            var job = await h.Plans.TestFailoverAsync(plan);
            Assert.Equal((JobState.Succeeded, 3), (job.State, job.ChildJobIds.Count));
            Assert.Equal([JobNames.RecoveryPlanPreflight, "Group 1: Test failover", "Group 2: Test failover"], job.Tasks.Select(t => t.Name));
            Assert.Equal("StartTestVm db-1", h.Machines.Changes.First(c => c.StartsWith("StartTestVm", StringComparison.Ordinal)));
            Assert.All(plan.ItemIds, id => Assert.Equal(TestFailoverState.TestFailoverCompleted, h.Orchestrator.Item(id).TestFailoverState));

            // A second plan test is refused at preflight, before any item changes.
            var again = await h.Plans.TestFailoverAsync(plan);
            Assert.Equal(JobState.Failed, again.State);
            Assert.All(again.Errors, e => Assert.Equal("FB1004", e.Code));
            Assert.Equal(3, again.Errors.Count);

            var cleanup = await h.Plans.TestFailoverCleanupAsync(plan, "quarterly drill");
            Assert.Equal(JobState.Succeeded, cleanup.State);
            Assert.All(cleanup.ChildJobIds, id => Assert.Equal("quarterly drill", h.Jobs.Find(id)!.Comments));
            Assert.All(plan.ItemIds, id => Assert.Equal(TestFailoverState.None, h.Orchestrator.Item(id).TestFailoverState));
            Assert.Empty(h.Machines.TestVms);
            Assert.Equal("FB1201", (await Assert.ThrowsAsync<AsrException>(() => h.Plans.TestFailoverAsync(plan, RecoveryPointType.Custom))).Error.Code);
        });
    }

    [Fact]
    public void AReplicationGroupSplitOverPlanGroupsIsTestedAtItsCommonPoint()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 6 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("erp-app", ProtectionState.Protected, group: "erp");
            h.Add("erp-db", ProtectionState.Protected, group: "erp");
            h.Add("web", ProtectionState.Protected);
            var t0 = h.Time.GetUtcNow();
            foreach (var id in new[] { "erp-app", "erp-db", "web" }) h.Replication.AddPoint(id, t0.AddMinutes(5), appConsistent: false);
            var appOnly = h.Replication.AddPoint("erp-app", t0.AddMinutes(10), appConsistent: false); // erp-db has none at 10 minutes
            var webLatest = h.Replication.AddPoint("web", t0.AddMinutes(10), appConsistent: false);

            var job = await h.Plans.TestFailoverAsync(new RecoveryPlan("erp", [["erp-db"], ["web"], ["erp-app"]]));

            Assert.Equal(JobState.Succeeded, job.State);
            var disks = h.Replication.Changes.Where(c => c.StartsWith("CreateTestDisks", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain($"CreateTestDisks erp-app {appOnly.Id}", disks);
            Assert.Contains($"CreateTestDisks web {webLatest.Id}", disks);
            Assert.Equal(3, disks.Count);
        });
    }
}
