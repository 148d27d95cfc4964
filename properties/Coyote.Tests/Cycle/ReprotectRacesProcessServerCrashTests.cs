using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Microsoft.Coyote.Specifications;
using Xunit;
using Xunit.Abstractions;
using static Failback.Coyote.Tests.Cycle.WiredWorld;
using Failback.Scenarios.World;

namespace Failback.Coyote.Tests.Cycle;

/// <summary>
/// Reprotect to on-premises racing a crash and restart of the process server in Azure, at moments Coyote chooses:
/// the reprotect job ends either way (succeeded, or failed and retried once the server is back); replication then
/// resumes after the restart, and the failback recovers exactly the ground truth at its point.
/// </summary>
public sealed class ReprotectRacesProcessServerCrashTests(ITestOutputHelper output)
{
    private const ulong Seed = 22;
    private const uint Iterations = 8;

    internal static Task Scenario() => RunAsync(Seed, async w =>
    {
        var v = w.Vault;
        var clock = w.Sim.Clock;
        var (id, _, _) = await ProtectedAsync(w);
        Disaster(w);
        Succeeded(await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        Succeeded(await v.CommitAsync(id));

        var ps = v.ProcessServers.Single(p => p.Name == "ps-azure");
        var psVm = ArmTypes.VirtualMachine(w.Sub, "asr-recovery", "ps-azure");
        var crash = w.Sim.Spawn("ps-azure-crash", async () =>
        {
            await clock.Delay(TimeSpan.FromSeconds(10 * Choose(6)));
            ps.StopServices();
            await w.Azure.ActionAsync(psVm, "powerOff", clock);
            await clock.Delay(TimeSpan.FromSeconds(30 * (1 + Choose(6))));
            await w.Azure.ActionAsync(psVm, "start", clock);
            ps.StartServices();
        });
        var reprotect = await v.ReprotectAsync(id, Back);
        var history = $"reprotect {reprotect.State} ({string.Join("; ", reprotect.Errors)})";
        Specification.Assert(reprotect.State is JobState.Succeeded or JobState.Failed, $"{history}: the job never ended");
        await crash;
        if (reprotect.State == JobState.Failed)
        {
            Specification.Assert(v.Item(id).State is ProtectionState.ReprotectToOnPremisesFailed or ProtectionState.FailoverCommittedInAzure,
                $"{history}: the item is left in {v.Item(id).State}");
            reprotect = Succeeded(await v.ReprotectAsync(id, Back)); // retried once the process server is back
        }

        // The truth records the Azure guest from the reverse leg's start; replication resumes after the restart.
        var truth = new GroundTruth(clock);
        var guest = truth.Record("disk-0", v.GuestDisks(id)![0]);
        await BoundedAsync(w, () => v.Item(id).State == ProtectionState.ProtectedToOnPremises, TimeSpan.FromHours(2), $"{history}: initial replication to on-premises never completed");
        Write(guest, 1 << 20, 16 * 1024, 7);
        await clock.Delay(TimeSpan.FromMinutes(6));
        var point = v.RecoveryPoints(id)[^1];
        Write(guest, 3 << 20, 4096, 8); // after the point: lost by the failback
        Succeeded(await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.At(point.Id)));

        var session = await w.VSphere.LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
        var vm = await session.GetVirtualMachineAsync(v.OnPremisesVm(id)!.Value);
        using var disk = await session.OpenGuestDiskAsync(vm.MoRef, vm.Disks[0].Key);
        var at = truth.FirstDifference("disk-0", point.Sequence, disk);
        Specification.Assert(at is null, $"{history}: the failed-back disk differs from the ground truth at {point.Id} at byte {at}");
        Specification.Assert(v.LastFailover(id)!.Lost.Writes == truth.Writes.Count - point.Sequence,
            $"{history}: the failback reports {v.LastFailover(id)!.Lost.Writes} writes lost; the truth says {truth.Writes.Count - point.Sequence}");
    });

    /// <summary>Waits in virtual time for <paramref name="condition"/>, failing the schedule after <paramref name="limit"/>.</summary>
    private static async Task BoundedAsync(CycleWorld w, Func<bool> condition, TimeSpan limit, string failure)
    {
        var until = w.Sim.Clock.GetUtcNow() + limit;
        while (!condition())
        {
            Specification.Assert(w.Sim.Clock.GetUtcNow() < until, failure);
            await w.Sim.Clock.Delay(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void RP6_ReprotectRacingAProcessServerCrashAndRestart_EndsAndFailsBackExactly_InEveryExploredSchedule()
    {
        WiredWorld.Passes(output, "reprotect races process-server crash", Seed, Iterations, Scenario);
    }
}
