using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Tests.Cycle;
using Failback.TestKit.Fakes;
using NSubstitute;
using NSubstitute.Exceptions;
using Xunit;
using static Failback.Engine.Tests.Cycle.WholeCycleTests;

namespace Failback.Engine.Tests.Interactions;

/// <summary>
/// What the engine asks of the vSphere and ARM ports during failback, recorded by NSubstitute substitutes while the
/// simulators answer: the order of the power operations, and what the calls carry.
/// </summary>
public sealed class FailbackInteractionTests
{
    private static readonly string[] Secrets = [CycleWorld.Passphrase, CycleWorld.Password];

    [Fact]
    public void FailbackPowersOnTheOnPremisesVmOnlyAfterTheAzureVmIsPoweredOff()
    {
        var run = FailBack(plantEarlyPowerOn: false);

        Assert.Equal(JobState.Succeeded, run.Job.State);
        PowerOffThenPowerOn(run);
        var power = Assert.Single(run.AzurePowerAtPowerOn);
        Assert.True(power is PowerState.Stopped or PowerState.Deallocated, $"the Azure VM was {power} when the on-premises VM was powered on");
    }

    [Fact]
    public void AnEngineThatPowersOnTheOnPremisesVmFirstIsCaught()
    {
        // Planted: the on-premises VM is powered on when the engine first reads the Azure VM, before it powers it off.
        var run = FailBack(plantEarlyPowerOn: true);

        Assert.Throws<CallSequenceNotFoundException>(() => PowerOffThenPowerOn(run));
        Assert.Contains(PowerState.Running, run.AzurePowerAtPowerOn);
    }

    [Fact]
    public void NoPortCallCarriesThePassphraseOrAPassword()
    {
        var run = FailBack(plantEarlyPowerOn: false);

        Assert.Equal(JobState.Succeeded, run.Job.State);
        Assert.Empty(PortCalls.CallsCarrying(run.Calls.AfterLogin, Secrets));
        // The vCenter's password goes to its own login only.
        Assert.NotEmpty(run.Calls.Logins.ReceivedCalls());
        Assert.All(run.Calls.Logins.ReceivedCalls(), c => Assert.Equal(CycleWorld.Vc1, c.GetArguments()[0]));
    }

    [Fact]
    public void APassphraseInAnArmRequestIsFound()
    {
        // Planted: an engine that deploys Azure VMs with the passphrase as their administrator's password.
        using var w = new CycleWorld();
        var calls = new PortCalls();
        w.Ports = calls.Ports with { Arm = real => new PassphraseAsAdminPassword(calls.Ports.Arm(real)) };
        w.Run(w.SetUpAsync);

        var leak = Assert.Single(PortCalls.CallsCarrying(calls.AfterLogin, Secrets));
        Assert.StartsWith(nameof(IArm.BeginCreateOrUpdateAsync), leak, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mt-01", "ps-onprem", "ds1", "R:")] // failback needs a process server in Azure (PS-1)
    [InlineData("mt-99", "ps-azure", "ds1", "R:")]  // no such master target
    [InlineData("mt-01", "ps-azure", "ds1", "Q:")]  // no such retention volume
    public void ARefusedReprotectMakesNoCallThatChangesASite(string masterTarget, string processServer, string datastore, string retention)
    {
        using var w = new CycleWorld();
        var calls = new PortCalls();
        w.Ports = calls.Ports;
        w.Run(async () =>
        {
            var id = await FailbackFailureTests.FailedOverAndCommittedAsync(w);
            calls.Clear();

            var job = await w.Vault.ReprotectAsync(id, new ReprotectToOnPremisesInput(masterTarget, processServer, datastore, retention));

            Assert.Equal(JobState.Failed, job.State);
            Assert.Empty(PortCalls.MutatingCalls(calls.AfterLogin));
            Assert.NotEmpty(calls.AfterLogin); // the check read the sites through the ports

            // The same check on the reprotect that is then accepted finds the calls that change the sites.
            calls.Clear();
            await Succeeds(w.Vault.ReprotectAsync(id, Back));
            Assert.NotEmpty(PortCalls.MutatingCalls(calls.AfterLogin));
        });
    }

    private static void PowerOffThenPowerOn(FailbackRun run) => Received.InOrder(() =>
    {
        run.Calls.Arm.BeginActionAsync(run.AzureVm, "powerOff", Arg.Any<IReadOnlyDictionary<string, string>?>(), Arg.Any<CancellationToken>());
        run.Calls.VSphere.PowerOnVmAsync(run.OnPremisesVm, Arg.Any<CancellationToken>());
    });

    private sealed record FailbackRun(PortCalls Calls, Job Job, ResourceId AzureVm, ManagedObjectReference OnPremisesVm, List<PowerState> AzurePowerAtPowerOn);

    /// <summary>Fails over, commits, reprotects back to the original VM and fails back to it, recording every port call.</summary>
    private static FailbackRun FailBack(bool plantEarlyPowerOn)
    {
        using var w = new CycleWorld();
        var calls = new PortCalls();
        w.Ports = calls.Ports;
        FailbackRun? run = null;
        w.Run(async () =>
        {
            var id = await FailbackFailureTests.FailedOverAndCommittedAsync(w);
            var v = w.Vault;
            await Succeeds(v.ReprotectAsync(id, Back));
            await v.WaitForInitialReplicationAsync(id);
            await w.Sim.Clock.Delay(TimeSpan.FromMinutes(6));
            var azureVm = v.AzureVm(id)!;
            var onPremisesVm = v.OnPremisesVm(id)!.Value;
            var azurePower = new List<PowerState>();
            calls.VSphere.When(s => s.PowerOnVmAsync(onPremisesVm, Arg.Any<CancellationToken>()))
                .Do(_ => azurePower.Add(w.Azure.Resources.OfType<VirtualMachine>().Single(r => r.Id == azureVm).PowerState));
            if (plantEarlyPowerOn)
            {
                var rogue = await calls.Ports.VSphere(w.VSphere).LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
                var planted = false;
                calls.Arm.When(a => a.GetAsync(azureVm, Arg.Any<CancellationToken>())).Do(call =>
                {
                    if (!planted) _ = rogue.PowerOnVmAsync(onPremisesVm);
                    planted = true;
                });
            }
            var job = await v.UnplannedFailoverAsync(id, UnplannedFailoverInput.Latest);
            run = new FailbackRun(calls, job, azureVm, onPremisesVm, azurePower);
        });
        return run!;
    }

    private sealed class PassphraseAsAdminPassword(IArm inner) : ArmDecorator(inner)
    {
        public override Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default) =>
            base.BeginCreateOrUpdateAsync(id, body is VirtualMachine vm ? vm with { AdminPassword = CycleWorld.Passphrase + "-A1" } : body, cancellationToken);
    }
}
