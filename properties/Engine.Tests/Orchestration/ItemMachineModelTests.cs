using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Replication;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// Model-based test: random sequences of every trigger (operations and engine events, allowed or not)
/// fired at the Stateless machine, checked after each step against <see cref="ItemModel"/>'s plain table.
/// FsCheck shrinks a failure to the shortest sequence.
/// </summary>
public sealed class ItemMachineModelTests
{
    [Property(MaxTest = 150)]
    public Property CYC1_LOC3_ItemMachineMatchesThePlainTransitionTable() => new ItemMachineSpec().ToProperty();

    internal sealed class ItemUnderTest : IDisposable
    {
        private readonly Simulation _sim = new(new SimulationOptions { Seed = 1 });

        public ItemUnderTest(bool failbackSupported) => Machine = new(new ProtectedItem
        {
            Id = "vm-1",
            Name = "vm-1",
            Kind = failbackSupported ? MachineKind.VmwareVm : MachineKind.PhysicalServer,
            OsName = failbackSupported ? "Windows Server 2016" : ProtectedItem.WindowsServer2008R2Sp1,
        });

        public ProtectedItemMachine Machine { get; }

        /// <summary>Fires on the kernel's scheduler; returns what the machine threw, if anything.</summary>
        public Exception? Fire(ItemTrigger trigger)
        {
            Exception? thrown = null;
            _sim.Run(async () =>
            {
                try
                {
                    await FireAsync(trigger);
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            });
            return thrown;
        }

        private Task FireAsync(ItemTrigger trigger) => trigger switch
        {
            ItemTrigger.EnableProtection => Machine.EnableProtectionAsync(Harness.Enable),
            ItemTrigger.ReverseReplicate => Machine.ReverseReplicateAsync(Machine.Item.ActiveLocation == Site.Azure ? Harness.Back : Harness.Forward),
            ItemTrigger.UnplannedFailover => Machine.UnplannedFailoverAsync(new RecoveryPoint(1, Engine.Replication.ConsistencyType.CrashConsistent, VirtualClock.DefaultEpoch, 1)),
            ItemTrigger.Commit => Machine.CommitAsync(),
            ItemTrigger.DisableProtection => Machine.DisableProtectionAsync(),
            ItemTrigger.TestFailover => Machine.TestFailoverAsync(new RecoveryPoint(1, Engine.Replication.ConsistencyType.CrashConsistent, VirtualClock.DefaultEpoch, 1)),
            ItemTrigger.TestFailoverCleanup => Machine.TestFailoverCleanupAsync(),
            ItemTrigger.JobSucceeded => Machine.JobSucceededAsync(),
            ItemTrigger.JobFailed => Machine.JobFailedAsync(ErrorCatalog.InternalError.Create("injected")),
            ItemTrigger.InitialReplicationCompleted => Machine.InitialReplicationCompletedAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
        };

        public void Dispose() => _sim.Dispose();
    }

    private sealed class ItemMachineSpec() : Machine<ItemUnderTest, ItemModel>(60)
    {
        public override Arbitrary<Setup<ItemUnderTest, ItemModel>> Setup =>
            Gen.Elements(true, false)
                .Select(supported => StateMachine.Setup(
                    () => new ItemUnderTest(supported),
                    () => new ItemModel(ProtectionState.Unprotected, Site.OnPremises, null, supported)))
                .ToArbitrary();

        public override TearDown<ItemUnderTest> TearDown => StateMachine.TearDown<ItemUnderTest>(item => item.Dispose());

        // Allowed triggers four times as likely, so runs go round the cycle while still trying refused ones.
        public override Gen<Operation<ItemUnderTest, ItemModel>> Next(ItemModel model) =>
            Gen.Elements<Operation<ItemUnderTest, ItemModel>>(
            [
                .. Enum.GetValues<ItemTrigger>().Select(t => new FireTrigger(t)),
                .. Enum.GetValues<ItemTrigger>().Where(t => model.Next(t) is not null).SelectMany(t => Enumerable.Repeat(new FireTrigger(t), 4)),
            ]);
    }

    private sealed class FireTrigger(ItemTrigger trigger) : Operation<ItemUnderTest, ItemModel>
    {
        public override ItemModel Run(ItemModel model) => model.Apply(trigger);

        public override Property Check(ItemUnderTest actual, ItemModel expected)
        {
            var before = actual.Machine.Item;
            var thrown = actual.Fire(trigger);
            var after = actual.Machine.Item;
            var refused = thrown is not null;
            // A pending test failover refuses a test, a failover and disabling protection with FB1004 (no seed rule).
            var testPending = before.State == ProtectionState.Protected && before.TestFailoverState != TestFailoverState.None
                && trigger is ItemTrigger.TestFailover or ItemTrigger.UnplannedFailover or ItemTrigger.DisableProtection;
            var refusedRight = !refused || (after == before && thrown switch
            {
                AsrException e => trigger < ItemTrigger.JobSucceeded
                                  && (testPending ? e.Error.Code == "FB1004" : e.Error.Rule == (trigger == ItemTrigger.ReverseReplicate && !before.FailbackSupported
                                      && before.State is ProtectionState.FailoverCommittedInAzure or ProtectionState.ReprotectToOnPremisesFailed ? "LOC-3" : "CYC-1"))
                                  && e.Error.Message.Contains($"in protection state {ProtectionStateNames.Of(before.State).State};", StringComparison.Ordinal),
                InvalidOperationException => trigger >= ItemTrigger.JobSucceeded,
                _ => false,
            });
            return (after.State == expected.State
                    && after.ActiveLocation == expected.Location
                    && after.Direction == expected.Direction
                    && after.TestFailoverState == expected.Test
                    && refused == (expected.State == before.State && expected.Test == before.TestFailoverState)
                    && refusedRight
                    && actual.Machine.PermittedOperations.SequenceEqual(expected.Allowed))
                .Label($"{trigger} from {before.State}/{before.TestFailoverState}: machine {after.State}/{after.ActiveLocation}/{after.Direction}/{after.TestFailoverState} " +
                       $"allowed [{string.Join(",", actual.Machine.PermittedOperations)}], thrown {thrown?.GetType().Name}: {thrown?.Message}; " +
                       $"model {expected}: allowed [{string.Join(",", expected.Allowed)}]");
        }

        public override string ToString() => trigger.ToString();
    }
}
