using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>Recovery plans: ordered groups of parallel items; replication groups fail over together and reprotect through a plan only.</summary>
public sealed class RecoveryPlanTests
{
    [Fact]
    public void APlanHoldsAtMostSevenGroupsAndAHundredItems()
    {
        static IReadOnlyList<string> Items(int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"vm-{i}")];

        var max = new RecoveryPlan("max", [.. Enumerable.Range(0, 7).Select(g => Items(g * 14, g == 6 ? 16 : 14))]);
        Assert.Equal(100, max.ItemIds.Count());
        Assert.Contains("8 groups", Assert.Throws<ArgumentException>(() => new RecoveryPlan("p", [.. Enumerable.Range(0, 8).Select(g => Items(g, 1))])).Message, StringComparison.Ordinal);
        Assert.Contains("101 items", Assert.Throws<ArgumentException>(() => new RecoveryPlan("p", [Items(0, 50), Items(50, 51)])).Message, StringComparison.Ordinal);
        Assert.Contains("'vm-1' more than once", Assert.Throws<ArgumentException>(() => new RecoveryPlan("p", [Items(0, 2), Items(1, 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("empty group", Assert.Throws<ArgumentException>(() => new RecoveryPlan("p", [Items(0, 2), []])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RecoveryPlan("p", []));
    }

    [Fact]
    public void GroupsRunInOrderAndTheItemsOfAGroupInParallel()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var id in new[] { "db-1", "db-2", "web-1" })
            {
                h.Add(id, ProtectionState.Protected);
                h.SeedPoints(id);
            }
            var plan = new RecoveryPlan("app", [["db-1", "db-2"], ["web-1"]]);
            var start = h.Time.GetUtcNow();

            var job = await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime);

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal((JobTargetKind.RecoveryPlan, "app", AsrOperation.UnplannedFailover), (job.TargetKind, job.TargetId, job.Operation));
            Assert.Equal(["Recovery plan preflight checks", "Group 1: Unplanned failover", "Group 2: Unplanned failover"], job.Tasks.Select(t => t.Name));
            Assert.Equal(3, job.ChildJobIds.Count);
            var children = job.ChildJobIds.Select(id => h.Jobs.Find(id)!).ToDictionary(j => j.TargetId);
            var step = h.Replication.StepTime + h.Machines.StepTime;
            Assert.Equal(start, children["db-1"].StartTime);
            Assert.Equal(start, children["db-2"].StartTime);
            Assert.Equal(start + step, children["web-1"].StartTime);
            Assert.Equal(start + step + step, job.EndTime);
            Assert.All(h.Orchestrator.Items, i => Assert.Equal(ProtectionState.FailedOverToAzure, i.State));
        });
    }

    [Fact]
    public void APlanWhoseItemIsNotReadyFailsItsPreflightAndChangesNothing()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            h.Add("vm-2", ProtectionState.InitialReplication);
            h.SeedPoints("vm-1");
            var before = h.Orchestrator.Items;

            var job = await h.Plans.UnplannedFailoverAsync(new RecoveryPlan("p", [["vm-1"], ["vm-2"]]), RecoveryPointType.LatestTime);

            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal([JobState.Failed, JobState.NotStarted, JobState.NotStarted], job.Tasks.Select(t => t.State));
            Assert.Contains("in protection state InitialReplicationInProgress", Assert.Single(job.Errors).Message, StringComparison.Ordinal);
            Assert.Empty(job.ChildJobIds);
            Assert.Equal(before, h.Orchestrator.Items);
            Assert.Empty(h.Replication.Changes);
        });
    }

    [Fact]
    public void AFailedGroupStopsThePlanBeforeTheNextGroup()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var id in new[] { "db-1", "db-2", "web-1" })
            {
                h.Add(id, ProtectionState.ProtectedToOnPremises);
                h.SeedPoints(id);
            }
            h.Machines.Faults["Start:db-2"] = FakeReplicationService.Fault(ErrorCatalog.OnPremisesHostOutOfMemory);

            var job = await h.Plans.UnplannedFailoverAsync(new RecoveryPlan("app", [["db-1", "db-2"], ["web-1"]]), RecoveryPointType.LatestTime);

            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.NotStarted], job.Tasks.Select(t => t.State));
            Assert.Equal("8038", Assert.Single(job.Errors).Code);
            Assert.Equal(ProtectionState.FailedBackToOnPremises, h.Orchestrator.Item("db-1").State);
            Assert.Equal(ProtectionState.FailbackFailed, h.Orchestrator.Item("db-2").State);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, h.Orchestrator.Item("web-1").State);
        });
    }

    [Fact]
    public void FO2_AReplicationGroupFailsOverToItsCommonAppConsistentPoint()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("db-1", ProtectionState.ProtectedToOnPremises, group: "sql");
            h.Add("db-2", ProtectionState.ProtectedToOnPremises, group: "sql");
            h.Add("web-1", ProtectionState.ProtectedToOnPremises);
            var t0 = h.Time.GetUtcNow();
            foreach (var id in new[] { "db-1", "db-2", "web-1" }) h.Replication.AddPoint(id, t0.AddMinutes(20), appConsistent: true);
            h.Replication.AddPoint("db-1", t0.AddMinutes(50), appConsistent: true);   // not on db-2: not common
            h.Replication.AddPoint("web-1", t0.AddMinutes(50), appConsistent: true);
            var plan = new RecoveryPlan("app", [["db-1", "db-2", "web-1"]]);

            var job = await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTag);

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal("app-0020", h.Orchestrator.Item("db-1").FailoverRecoveryPoint!.Id);
            Assert.Equal("app-0020", h.Orchestrator.Item("db-2").FailoverRecoveryPoint!.Id);
            Assert.Equal("app-0050", h.Orchestrator.Item("web-1").FailoverRecoveryPoint!.Id);
        });
    }

    [Fact]
    public void FO2_APlanFailsOverToLatestPointsOnlyAndNeedsACommonPointForAGroup()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("db-1", ProtectionState.Protected, group: "sql");
            h.Add("db-2", ProtectionState.Protected, group: "sql");
            h.Replication.AddPoint("db-1", h.Time.GetUtcNow().AddMinutes(20), appConsistent: true);
            h.Replication.AddPoint("db-2", h.Time.GetUtcNow().AddMinutes(25), appConsistent: true);
            var plan = new RecoveryPlan("p", [["db-1", "db-2"]]);

            Assert.Equal("FO-2", (await Assert.ThrowsAsync<AsrException>(() => h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.Custom))).Error.Rule);
            var job = await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTag);
            Assert.Contains("replication group 'sql' has no common", Assert.Single(job.Errors).Message, StringComparison.Ordinal);
            Assert.Empty(h.Replication.Changes);
        });
    }

    [Fact]
    public void RP8_AReplicationGroupMemberIsReprotectedOnlyThroughARecoveryPlan()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("db-1", ProtectionState.FailoverCommittedInAzure, group: "sql");
            h.Add("db-2", ProtectionState.FailoverCommittedInAzure, group: "sql");

            var refused = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.ReprotectAsync("db-1", Harness.Back));
            Assert.Equal("RP-8", refused.Error.Rule);
            Assert.Contains("replication group 'sql'", refused.Error.Message, StringComparison.Ordinal);

            var job = await h.Plans.ReprotectAsync(new RecoveryPlan("sql-plan", [["db-1", "db-2"]]), Harness.Back);
            Assert.Equal(JobState.Succeeded, job.State);
            Assert.All(h.Orchestrator.Items, i => Assert.Equal(ProtectionState.InitialReplicationToOnPremises, i.State));
        });
    }

    [Fact]
    public void RP8_APlanLevelReprotectReusesEachMachinesEarlierValues()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var earlier = new ReprotectToOnPremisesInput("mt-1", "ps-azure-1", "datastore2", "R:");
            h.Orchestrator.Register(new ProtectedItem
            {
                Id = "vm-1", Name = "vm-1", State = ProtectionState.FailoverCommittedInAzure, ActiveLocation = Site.Azure, LastReprotectToOnPremises = earlier,
            });
            h.Add("vm-2", ProtectionState.FailoverCommittedInAzure);
            h.Add("vm-3", ProtectionState.FailoverCommittedInAzure);
            var plan = new RecoveryPlan("p", [["vm-1", "vm-2"], ["vm-3"]]);

            var blank = await Assert.ThrowsAsync<AsrException>(() => h.Plans.ReprotectAsync(plan, Harness.Back with { Datastore = "" }));
            Assert.Equal("RP-3", blank.Error.Rule);
            Assert.Empty(h.Jobs.All());

            var unknown = await h.Plans.ReprotectAsync(plan);
            Assert.Equal(["RP-8", "RP-8"], unknown.Errors.Select(e => e.Rule));
            Assert.Empty(h.Replication.Requests);

            var job = await h.Plans.ReprotectAsync(plan, Harness.Back);
            Assert.Equal(JobState.Succeeded, job.State);
            var datastores = h.Replication.Requests.ToDictionary(r => r.ItemId, r => r.Datastore);
            Assert.Equal("datastore2", datastores["vm-1"]);
            Assert.Equal("datastore1", datastores["vm-2"]);
            Assert.Equal(Harness.Back, h.Orchestrator.Item("vm-3").LastReprotectToOnPremises);
        });
    }

    [Fact]
    public void RP9_AReplicationGroupMustBeReprotectedWithOneMasterTarget()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var (id, mt) in new[] { ("db-1", "mt-1"), ("db-2", "mt-2") })
                h.Orchestrator.Register(new ProtectedItem
                {
                    Id = id, Name = id, ReplicationGroup = "sql", State = ProtectionState.ReprotectToOnPremisesFailed, ActiveLocation = Site.Azure,
                    LastReprotectToOnPremises = Harness.Back with { MasterTarget = mt },
                });
            var before = h.Orchestrator.Items;

            var job = await h.Plans.ReprotectAsync(new RecoveryPlan("sql-plan", [["db-1"], ["db-2"]]));

            var error = Assert.Single(job.Errors);
            Assert.Equal("RP-9", error.Rule);
            Assert.Contains("mt-1, mt-2", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, h.Orchestrator.Items);
            Assert.Empty(h.Machines.Changes);
        });
    }

    [Fact]
    public void FO2_AReplicationGroupSplitOverPlanGroupsSharesItsLatestCommonPoint()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("app-1", ProtectionState.Protected, group: "erp");
            h.Add("web-1", ProtectionState.Protected);
            h.Add("app-2", ProtectionState.Protected, group: "erp");
            var t0 = h.Time.GetUtcNow();
            foreach (var id in new[] { "app-1", "app-2", "web-1" }) h.Replication.AddPoint(id, t0.AddMinutes(5), appConsistent: false);
            h.Replication.AddPoint("app-1", t0.AddMinutes(10), appConsistent: false); // app-2 has no point at 10 minutes
            h.Replication.AddPoint("web-1", t0.AddMinutes(10), appConsistent: false);
            var plan = new RecoveryPlan("erp-plan", [["app-2"], ["web-1"], ["app-1"]]);

            var job = await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime);

            Assert.Equal(JobState.Succeeded, job.State);
            Assert.Equal(h.Orchestrator.Item("app-2").FailoverRecoveryPoint!.Time, h.Orchestrator.Item("app-1").FailoverRecoveryPoint!.Time);
            Assert.Equal(t0.AddMinutes(5), h.Orchestrator.Item("app-1").FailoverRecoveryPoint!.Time);
            Assert.Equal(t0.AddMinutes(10), h.Orchestrator.Item("web-1").FailoverRecoveryPoint!.Time);
        });
    }

    [Fact]
    public void RP9_APlanHoldingPartOfAGroupCannotTakeItToAnotherMasterTarget()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            // db-2 is in another plan and already replicates back through mt-west; db-1 is reprotected by this plan.
            h.Orchestrator.Register(new ProtectedItem
            {
                Id = "db-2", Name = "db-2", ReplicationGroup = "sql", State = ProtectionState.ProtectedToOnPremises, ActiveLocation = Site.Azure,
                LastReprotectToOnPremises = Harness.Back with { MasterTarget = "mt-west" },
            });
            h.Add("db-1", ProtectionState.FailoverCommittedInAzure, group: "sql");
            h.Add("web-1", ProtectionState.FailoverCommittedInAzure);
            var plan = new RecoveryPlan("part", [["web-1"], ["db-1"]]);

            var job = await h.Plans.ReprotectAsync(plan, Harness.Back with { MasterTarget = "mt-east" });

            var error = Assert.Single(job.Errors);
            Assert.Equal("RP-9", error.Rule);
            Assert.Contains("mt-east, mt-west", error.Message, StringComparison.Ordinal);
            Assert.Empty(h.Replication.Requests);
            Assert.Equal(JobState.Succeeded, (await h.Plans.ReprotectAsync(plan, Harness.Back with { MasterTarget = "mt-west" })).State);
        });
    }

    [Fact]
    public void CYC1_CM1_APlanGoesRoundTheFailbackAndItsCommitDeletesTheAzureVms()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            foreach (var id in new[] { "db-1", "web-1" })
            {
                h.Add(id, ProtectionState.FailoverCommittedInAzure);
                h.SeedPoints(id);
                h.Machines.AzureVms.Add(id);
            }
            var plan = new RecoveryPlan("app", [["db-1"], ["web-1"]]);

            Assert.Equal(JobState.Succeeded, (await h.Plans.ReprotectAsync(plan, Harness.Back)).State);
            foreach (var id in plan.ItemIds) await h.Orchestrator.CompleteInitialReplicationAsync(id);
            Assert.Equal(JobState.Succeeded, (await h.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime)).State);
            Assert.Equal(JobState.Succeeded, (await h.Plans.CommitAsync(plan)).State);

            Assert.Empty(h.Machines.AzureVms);
            Assert.All(h.Orchestrator.Items, i => Assert.Equal((ProtectionState.FailbackCommitted, Site.OnPremises), (i.State, i.ActiveLocation)));
            Assert.Equal(JobState.Succeeded, (await h.Plans.ReprotectAsync(plan, Harness.Forward)).State);
            Assert.All(h.Orchestrator.Items, i => Assert.Equal(ProtectionState.InitialReplication, i.State));
        });
    }
}
