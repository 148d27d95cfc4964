using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;
using static Failback.Coyote.Tests.Cycle.WiredWorld;
using Failback.Scenarios.World;

namespace Failback.Coyote.Tests.Cycle;

/// <summary>
/// The parallel group of a recovery plan on the wired engine: two VMs enabled at once, their guests writing while the
/// site goes down at a moment Coyote chooses, then one plan failover running both items' jobs in parallel. Every child
/// job ends, each VM recovers exactly its own ground truth at its point, and no VM runs on both sites.
/// </summary>
public sealed class RecoveryPlanParallelGroupTests(ITestOutputHelper output)
{
    private const ulong Seed = 24;
    private const uint Iterations = 6;

    internal static Task Scenario() => RunAsync(Seed, async w =>
    {
        var v = w.Vault;
        var clock = w.Sim.Clock;
        var app = v.Items.Single().Id;
        var web = (await v.AddVirtualMachineAsync("web-01")).Id;
        var ids = new[] { app, web };
        var enabled = await Task.WhenAll(ids.Select(id => v.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem"))).ToArray());
        foreach (var job in enabled) Succeeded(job);
        var truths = ids.ToDictionary(id => id, _ => new GroundTruth(clock));
        var guests = ids.ToDictionary(id => id, id => truths[id].Record("disk-0", v.GuestDisks(id)![0]));
        foreach (var id in ids) await v.WaitForInitialReplicationAsync(id);
        foreach (var id in ids) Write(guests[id], 0, 8192, 1);
        await clock.Delay(TimeSpan.FromMinutes(6));

        var siteDown = false;
        var writers = ids.Select((id, n) => w.Sim.Spawn($"guest-{id}", async () =>
        {
            for (var i = 0; !siteDown && i < 10; i++)
            {
                Write(guests[id], 65536L * (i + 1), 4096, (byte)(10 * n + i));
                await clock.Delay(TimeSpan.FromSeconds(15 + 5 * n));
            }
        })).ToArray();
        await clock.Delay(TimeSpan.FromSeconds(15 * Choose(12)));
        siteDown = true;
        w.VSphere.SetPowerState(w.App, VirtualMachinePowerState.PoweredOff);
        w.VSphere.SetPowerState(w.VSphere.Vms.Single(vm => vm.Name == "web-01"), VirtualMachinePowerState.PoweredOff);
        var plan = new RecoveryPlan("shop", [ids]);
        var failover = Succeeded(await v.Plans.UnplannedFailoverAsync(plan, Engine.Orchestration.Operations.RecoveryPointType.LatestTime));
        await Task.WhenAll(writers);

        Specification.Assert(failover.ChildJobIds.Count == 2, $"the plan ran {failover.ChildJobIds.Count} item jobs");
        foreach (var child in failover.ChildJobIds.Select(c => v.Job(c)!))
            Specification.Assert(child.State == JobState.Succeeded, $"item job {child.Id} for {child.TargetId} ended {child.State}");
        foreach (var id in ids)
        {
            var point = v.LastFailover(id)!.Point;
            using var disk = w.Azure.OpenGuestDisk(v.AzureVm(id)!, null);
            var at = truths[id].FirstDifference("disk-0", point.Sequence, disk);
            Specification.Assert(at is null, $"{id} recovered in Azure differs from its ground truth at {point.Id} at byte {at}");
            Specification.Assert(v.LastFailover(id)!.Lost.Writes == truths[id].Writes.Count - point.Sequence, $"{id}: data loss miscounted");
        }
        Succeeded(await v.Plans.CommitAsync(plan));
    }, w => w.AddAppVm("web-01", "10.0.5.21"));

    [Fact]
    public void RP8_ARecoveryPlansParallelGroup_FailsOverEachItemToItsOwnTruth_InEveryExploredSchedule() =>
        WiredWorld.Passes(output, "recovery plan parallel group", Seed, Iterations, Scenario);
}
