using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Xunit;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// Every prerequisite, the vCenter account's included, is checked before any effect: a refused failback, of
/// an item or of a recovery plan, leaves vSphere, Azure and the configuration database as they were.
/// </summary>
public sealed class PrerequisitesBeforeEffectsTests
{
    [Fact]
    public void TS1_FailingBackWithAReadOnlyVCenterAccountIsRefusedBeforeTheAzureVmIsShutDown() =>
        RefusedWithReadOnlyAccount((v, id) => v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));

    [Fact]
    public void TS1_ARecoveryPlansFailbackWithAReadOnlyVCenterAccountIsRefusedBeforeAnyItemChanges() =>
        RefusedWithReadOnlyAccount((v, id) => v.Plans.UnplannedFailoverAsync(new RecoveryPlan("back", [[id]]), RecoveryPointType.LatestTime));

    private static void RefusedWithReadOnlyAccount(Func<Failback.Engine.Vault.SiteRecoveryVault, string, Task<Job>> failBack)
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndReprotectedAsync(w);
            var v = w.Vault;
            await v.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password);
            var before = await SnapshotAsync(w, id);

            var job = await failBack(v, id);

            Assert.Equal(JobState.Failed, job.State);
            Assert.Contains(job.Errors, e => e.Rule == "TS-1");
            Assert.Equal(JobState.Failed, job.Tasks[0].State); // the prerequisite check (or the plan's preflight)
            Assert.Equal(ProtectionState.ProtectedToOnPremises, v.Item(id).State);
            Assert.Equal(before, await SnapshotAsync(w, id));
        });
    }

    /// <summary>Failed over, committed and reprotected to on-premises: ready to fail back.</summary>
    private static async Task<string> FailedOverAndReprotectedAsync(CycleWorld w)
    {
        var id = await FailbackFailureTests.FailedOverAndCommittedAsync(w);
        await Succeeds(w.Vault.ReprotectAsync(id, Back));
        await w.Vault.WaitForInitialReplicationAsync(id);
        await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
        return id;
    }

    /// <summary>What the three places hold: the on-premises VMs and their power, the Azure VMs and theirs, the database's records (jobs aside).</summary>
    private static async Task<string> SnapshotAsync(CycleWorld w, string id)
    {
        var v = w.Vault;
        using var session = await w.AdminSessionAsync();
        var vSphere = (await session.RetrieveInventoryAsync()).Vms.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => $"{m.Name}={m.PowerState}");
        var azureVm = v.AzureVm(id) is { } vm ? await w.Azure.GetAsync<VirtualMachine>(vm, w.Sim.Clock) : null;
        var azure = (await w.Azure.ListAsync(ResourceId.Subscription(w.Sub), "Microsoft.Compute/virtualMachines")).Select(r => r.Id!.ToString()).Order(StringComparer.Ordinal);
        var db = v.ConfigurationServer.Database;
        return string.Join("\n", [.. vSphere, $"azure vm {azureVm?.PowerState}", .. azure,
            .. db.Items().Select(r => r.ToString()), .. db.Pairs().Select(r => r.ToString()), .. db.Policies().Select(r => r.ToString()), .. db.Servers().Select(r => r.ToString())]);
    }
}
