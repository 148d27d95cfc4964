using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Simulators.Azure.Connectivity;
using Xunit;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;
using static Failback.Engine.Tests.Cycle.WorldSnapshot;

namespace Failback.Engine.Tests.Cycle;

/// <summary>
/// Every prerequisite, the vCenter account's included, is checked before any effect: each operation of the cycle,
/// on an item and on a recovery plan where plans have it, refused by a prerequisite or by the item's state, leaves
/// vSphere, Azure and the configuration database as they were (<see cref="WorldSnapshot"/>), bar its failed job.
/// Reprotect to on-premises is refused the same way for every rule in <see cref="FailbackFailureTests"/>.
/// </summary>
public sealed class PrerequisitesBeforeEffectsTests
{
    private static string Item(CycleWorld w) => w.Vault.Items.Single().Id;

    // Enable protection.

    [Fact]
    public void TS5_EnablingProtectionThroughAProcessServerWithoutHeartbeatChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            BlockPort443(w, "ps-onprem");
            await RefusedWithoutEffectAsync(w, () => w.Vault.EnableProtectionAsync(Item(w), new EnableProtectionInput("ps-onprem")), "TS-5");
            Assert.Equal(ProtectionState.Unprotected, w.Vault.Item(Item(w)).State);
        });
    }

    [Fact]
    public void EnablingProtectionThroughAnUnregisteredProcessServerChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            await w.SetUpAsync();
            await RefusedWithoutEffectAsync(w, () => w.Vault.EnableProtectionAsync(Item(w), new EnableProtectionInput("ps-nowhere")),
                ErrorCatalog.ProcessServerForAzureMissing.Code);
        });
    }

    // Failover to Azure.

    [Fact]
    public void FailingOverToAnUnknownRecoveryPointChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await ProtectedAsync(w);
            await RefusedWithoutEffectAsync(w, () => w.Vault.UnplannedFailoverAsync(id, UnplannedFailoverInput.At("rp-none")), ErrorCatalog.RecoveryPointNotFound.Code);
            Assert.Equal(ProtectionState.Protected, w.Vault.Item(id).State);
        });
    }

    [Fact]
    public void ARecoveryPlansFailoverToAnAppConsistentPointNotYetTakenChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await ProtectedAsync(w); // 6 minutes in: crash-consistent points only (app-consistent every 60)
            await RefusedWithoutEffectAsync(w, () => w.Vault.Plans.UnplannedFailoverAsync(Plan(id), RecoveryPointType.LatestTag), ErrorCatalog.RecoveryPointNotFound.Code);
            Assert.Equal(ProtectionState.Protected, w.Vault.Item(id).State);
        });
    }

    // Commit and disable, refused by the item's state.

    [Fact]
    public void CommittingAnItemThatHasNotFailedOverChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await ProtectedAsync(w);
            await RefusedWithoutEffectAsync(w, () => w.Vault.CommitAsync(id), ErrorCatalog.OperationNotAllowed.Code);
            await RefusedWithoutEffectAsync(w, () => w.Vault.Plans.CommitAsync(Plan(id)), ErrorCatalog.OperationNotAllowed.Code);
        });
    }

    [Fact]
    public void DisablingProtectionOfAnUncommittedFailoverChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await ProtectedAsync(w);
            await Succeeds(w.Vault.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
            await RefusedWithoutEffectAsync(w, () => w.Vault.DisableProtectionAsync(id), ErrorCatalog.OperationNotAllowed.Code);
            Assert.Equal(ProtectionState.FailedOverToAzure, w.Vault.Item(id).State);
        });
    }

    // Reprotect to on-premises (the item's refusals for each rule are FailbackFailureTests').

    [Fact]
    public void TS1_ARecoveryPlansReprotectWithAReadOnlyVCenterAccountChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailbackFailureTests.FailedOverAndCommittedAsync(w);
            await w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password);
            await RefusedWithoutEffectAsync(w, () => w.Vault.Plans.ReprotectAsync(Plan(id), Back), "TS-1");
            Assert.Equal(ProtectionState.FailoverCommittedInAzure, w.Vault.Item(id).State);
        });
    }

    // Failover back to on-premises.

    [Fact]
    public void TS1_FailingBackWithAReadOnlyVCenterAccountIsRefusedBeforeTheAzureVmIsShutDown() =>
        FailbackRefused(w => w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password),
            (v, id) => v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest), "TS-1");

    [Fact]
    public void TS1_ARecoveryPlansFailbackWithAReadOnlyVCenterAccountIsRefusedBeforeAnyItemChanges() =>
        FailbackRefused(w => w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password),
            (v, id) => v.Plans.UnplannedFailoverAsync(Plan(id), RecoveryPointType.LatestTime), "TS-1");

    [Fact]
    public void PRE5_FailingBackWithTheAzureProcessServerStoppedIsRefusedBeforeTheAzureVmIsShutDown() =>
        FailbackRefused(w => { w.Vault.ProcessServers.Single(p => p.Name == "ps-azure").StopServices(); return Task.CompletedTask; },
            (v, id) => v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest), "PRE-5");

    [Fact]
    public void PRE5_ARecoveryPlansFailbackWithTheAzureProcessServerStoppedIsRefusedBeforeAnyItemChanges() =>
        FailbackRefused(w => { w.Vault.ProcessServers.Single(p => p.Name == "ps-azure").StopServices(); return Task.CompletedTask; },
            (v, id) => v.Plans.UnplannedFailoverAsync(Plan(id), RecoveryPointType.LatestTime), "PRE-5");

    private static void FailbackRefused(Func<CycleWorld, Task> change, Func<Vault.SiteRecoveryVault, string, Task<Job>> failBack, string codeOrRule)
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedOverAndReprotectedAsync(w);
            await change(w);
            await RefusedWithoutEffectAsync(w, () => failBack(w.Vault, id), codeOrRule);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, w.Vault.Item(id).State);
        });
    }

    // Reprotect to Azure after failback.

    [Fact]
    public void TS5_ReprotectingToAzureThroughASilentProcessServerChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedBackAndCommittedAsync(w);
            BlockPort443(w, "ps-onprem");
            await RefusedWithoutEffectAsync(w, () => w.Vault.ReprotectAsync(id, new ReprotectToAzureInput("ps-onprem")), "TS-5");
            await RefusedWithoutEffectAsync(w, () => w.Vault.Plans.ReprotectAsync(Plan(id), new ReprotectToAzureInput("ps-onprem")), "TS-5");
            Assert.Equal(ProtectionState.FailbackCommitted, w.Vault.Item(id).State);
        });
    }

    [Fact]
    public void PRE6_ReprotectingToAzureAnItemMissingFromTheDatabaseChangesNothing()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailedBackAndCommittedAsync(w);
            var db = w.Vault.ConfigurationServer.Database;
            db.DeleteItem(db.Items().Single().Id); // as after restoring a backup taken before the item was protected
            await RefusedWithoutEffectAsync(w, () => w.Vault.ReprotectAsync(id, new ReprotectToAzureInput("ps-onprem")), "PRE-6");
        });
    }

    /// <summary>The checker itself: an effect planted before a refused operation, in each of the three places, fails it.</summary>
    [Fact]
    public void AnEffectBeforeTheRefusalIsSeenInVSphereAzureAndTheDatabase()
    {
        using var w = new CycleWorld();
        w.Run(async () =>
        {
            var id = await FailbackFailureTests.FailedOverAndCommittedAsync(w);
            await w.Vault.AddVCenterAsync(CycleWorld.Vc1, CycleWorld.ReadOnlyUser, CycleWorld.Password);
            var db = w.Vault.ConfigurationServer.Database;
            var planted = new Func<Task>[]
            {
                () => { w.VSphere.SetPowerState(w.MasterTargetVm, Ports.VSphere.VirtualMachinePowerState.PoweredOff); return Task.CompletedTask; },
                () => { File.WriteAllBytes(Path.Combine(w.Ds1.Directory, "app-01-000009-delta.vmdk"), [0]); return Task.CompletedTask; },
                () => w.Azure.ActionAsync(w.Vault.AzureVm(id)!, "powerOff", w.Sim.Clock),
                () => { db.SavePolicy(db.Policies()[0] with { RpoThreshold = TimeSpan.FromMinutes(1) }); return Task.CompletedTask; },
            };
            foreach (var plant in planted)
            {
                var failure = await Record.ExceptionAsync(() => RefusedWithoutEffectAsync(w, async () =>
                {
                    await plant();
                    return await w.Vault.ReprotectAsync(id, Back);
                }, "TS-1"));
                Assert.Contains("Strings differ", Assert.IsAssignableFrom<Xunit.Sdk.XunitException>(failure).Message, StringComparison.Ordinal);
            }
        });
    }

    private static RecoveryPlan Plan(string id) => new("plan", [[id]]);

    private static void BlockPort443(CycleWorld w, string processServer)
    {
        var ps = w.Vault.ProcessServers.Single(p => p.Name == processServer);
        w.Azure.Network.AddFirewallRule(new FirewallRule($"block-443-{processServer}", 100, FirewallAction.Deny) { Source = ps.IpAddress, Port = 443 });
    }

    /// <summary>Protected to Azure, initial replication done, a write and six minutes of points.</summary>
    private static async Task<string> ProtectedAsync(CycleWorld w)
    {
        await w.SetUpAsync();
        var id = Item(w);
        await Succeeds(w.Vault.EnableProtectionAsync(id, new EnableProtectionInput("ps-onprem")));
        await w.Vault.WaitForInitialReplicationAsync(id);
        Write(w.Vault.GuestDisks(id)![0], 0, 8192, 1);
        await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
        return id;
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

    /// <summary>Failed back and committed on-premises: ready to be reprotected to Azure.</summary>
    private static async Task<string> FailedBackAndCommittedAsync(CycleWorld w)
    {
        var id = await FailedOverAndReprotectedAsync(w);
        await Succeeds(w.Vault.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest));
        await Succeeds(w.Vault.CommitAsync(id));
        return id;
    }
}
