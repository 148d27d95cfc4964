using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Ports;
using Xunit;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;

namespace Failback.Engine.Tests.Cycle;

/// <summary>Recovery plans and replication groups through the vault, on both simulators.</summary>
public sealed class RecoveryPlanCycleTests
{
    private static readonly ReplicationPolicy Gold = new()
    {
        Name = "gold", RpoThreshold = TimeSpan.FromMinutes(15), RecoveryPointRetention = TimeSpan.FromHours(24), AppConsistentFrequency = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void RP8_FO2_APlanFailsGroupsInOrderAReplicationGroupToACommonPointAndReprotectsWithTheEarlierValues()
    {
        using var w = new CycleWorld();
        w.AddAppVm("web-01", "10.0.5.21");
        w.AddAppVm("web-02", "10.0.5.22");
        w.Run(async () =>
        {
            await w.SetUpAsync();
            var v = w.Vault;
            var t = w.Sim.Clock;
            var app = v.Items.Single().Id;
            var web1 = (await v.AddVirtualMachineAsync("web-01", replicationGroup: "web")).Id;
            var web2 = (await v.AddVirtualMachineAsync("web-02", replicationGroup: "web")).Id;
            var plan = new RecoveryPlan("shop", [[web1, web2], [app]]);
            foreach (var id in new[] { app, web1 }) await Succeeds(v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem", Gold)));
            await t.Delay(TimeSpan.FromMinutes(3)); // web-02 is protected later: its points are still taken at the same moments
            await Succeeds(v.EnableProtectionAsync(web2, new EnableProtectionInput("ps-onprem", Gold)));
            foreach (var id in new[] { app, web1, web2 }) await v.WaitForInitialReplicationAsync(id);
            foreach (var (id, seed) in new[] { (app, (byte)1), (web1, (byte)2), (web2, (byte)3) }) Write(v.GuestDisks(id)![0], 0, 8192, seed);
            await t.Delay(TimeSpan.FromMinutes(25));

            // The group's app-consistent points are taken together (multi-VM consistency).
            var webTimes = v.RecoveryPoints(web1).Where(p => p.AppConsistent).Select(p => p.Time).ToList();
            Assert.NotEmpty(webTimes);
            var web2Times = v.RecoveryPoints(web2).Where(p => p.AppConsistent).Select(p => p.Time).ToList();
            Assert.NotEmpty(web2Times);
            Assert.All(web2Times, time => Assert.Contains(time, webTimes)); // every point web-02 has, web-01 has too

            var failover = await Succeeds(v.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTag));
            Assert.Equal(3, failover.ChildJobIds.Count);
            var children = failover.ChildJobIds.Select(c => v.Job(c)!).ToList();
            Assert.True(children.Where(c => c.TargetId != app).Max(c => c.EndTime) <= children.Single(c => c.TargetId == app).StartTime, "group 1 ends before group 2 starts");
            var web1Point = v.Item(web1).FailoverRecoveryPoint!;
            Assert.Equal(web1Point.Time, v.Item(web2).FailoverRecoveryPoint!.Time); // FO-2: one point in time for the group
            Assert.True(web1Point.AppConsistent);
            await Succeeds(v.Plans.CommitAsync(plan));

            // RP-8: a group member is reprotected only through the plan; the refusal changes nothing.
            var refused = await Assert.ThrowsAsync<AsrException>(() => v.ReprotectAsync(web1, Back));
            Assert.Equal("RP-8", refused.Error.Rule);
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, v.Item(web1).State);
            // No values yet and none given: refused by the plan's preflight.
            var unknown = await v.Plans.ReprotectAsync(plan);
            Assert.Equal(JobState.Failed, unknown.State);
            Assert.All(unknown.Errors, e => Assert.Equal("RP-8", e.Rule));
            Assert.All(v.Items, i => Assert.Equal(ProtectionState.FailoverCommittedInAzure, i.State));

            await Succeeds(v.Plans.ReprotectAsync(plan, Back));
            foreach (var id in new[] { app, web1, web2 }) await v.WaitForInitialReplicationAsync(id);
            await t.Delay(TimeSpan.FromMinutes(6));
            await Succeeds(v.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTime));
            await Succeeds(v.Plans.CommitAsync(plan));
            Assert.All(v.Items, i => Assert.Equal(ProtectionState.FailbackCommitted, i.State));
            await Succeeds(v.Plans.ReprotectAsync(plan, new ReprotectToAzureInput("ps-onprem")));
            foreach (var id in new[] { app, web1, web2 }) await v.WaitForInitialReplicationAsync(id);
            await t.Delay(TimeSpan.FromMinutes(11));
            await Succeeds(v.Plans.UnplannedFailoverAsync(plan, RecoveryPointType.LatestTag));
            await Succeeds(v.Plans.CommitAsync(plan));

            // The second time round the plan needs no values: each machine's earlier ones are used.
            await Succeeds(v.Plans.ReprotectAsync(plan));
            Assert.All(v.Items, i => Assert.Equal(Back, i.LastReprotectToOnPremises));
            foreach (var id in new[] { app, web1, web2 }) await v.WaitForInitialReplicationAsync(id);
            Assert.All(v.Items, i => Assert.Equal(ProtectionState.ProtectedToOnPremises, i.State));
        });
    }
}
