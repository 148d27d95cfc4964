using Failback.Engine.Orchestration.Items;
using static Failback.Engine.Orchestration.Items.ItemTrigger;
using static Failback.Engine.Orchestration.Items.ProtectionState;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>
/// The protected item's cycle written out as a plain table, independently of the Stateless
/// configuration, with the item's location and direction: the model the machine is checked against.
/// </summary>
internal sealed record ItemModel(ProtectionState State, Site Location, ReplicationDirection? Direction, bool FailbackSupported,
    TestFailoverState Test = TestFailoverState.None)
{
    private static readonly Dictionary<(ProtectionState, ItemTrigger), ProtectionState> Table = new()
    {
        [(Unprotected, EnableProtection)] = EnablingProtection,
        [(EnablingProtection, JobSucceeded)] = InitialReplication,
        [(EnablingProtection, JobFailed)] = EnableProtectionFailed,
        [(EnableProtectionFailed, EnableProtection)] = EnablingProtection,
        [(EnableProtectionFailed, DisableProtection)] = DisablingProtection,
        [(InitialReplication, InitialReplicationCompleted)] = Protected,
        [(InitialReplication, DisableProtection)] = DisablingProtection,
        [(Protected, UnplannedFailover)] = FailoverToAzureInProgress,
        [(Protected, DisableProtection)] = DisablingProtection,
        [(FailoverToAzureInProgress, JobSucceeded)] = FailedOverToAzure,
        [(FailoverToAzureInProgress, JobFailed)] = FailoverToAzureFailed,
        [(FailoverToAzureFailed, UnplannedFailover)] = FailoverToAzureInProgress,
        [(FailoverToAzureFailed, DisableProtection)] = DisablingProtection,
        [(FailedOverToAzure, Commit)] = CommitInAzureInProgress,
        [(CommitInAzureInProgress, JobSucceeded)] = FailoverCommittedInAzure,
        [(CommitInAzureInProgress, JobFailed)] = CommitInAzureFailed,
        [(CommitInAzureFailed, Commit)] = CommitInAzureInProgress,
        [(FailoverCommittedInAzure, ReverseReplicate)] = ReprotectToOnPremisesInProgress,
        [(FailoverCommittedInAzure, DisableProtection)] = DisablingProtection,
        [(ReprotectToOnPremisesInProgress, JobSucceeded)] = InitialReplicationToOnPremises,
        [(ReprotectToOnPremisesInProgress, JobFailed)] = ReprotectToOnPremisesFailed,
        [(ReprotectToOnPremisesFailed, ReverseReplicate)] = ReprotectToOnPremisesInProgress,
        [(ReprotectToOnPremisesFailed, DisableProtection)] = DisablingProtection,
        [(InitialReplicationToOnPremises, InitialReplicationCompleted)] = ProtectedToOnPremises,
        [(InitialReplicationToOnPremises, DisableProtection)] = DisablingProtection,
        [(ProtectedToOnPremises, UnplannedFailover)] = FailbackInProgress,
        [(ProtectedToOnPremises, DisableProtection)] = DisablingProtection,
        [(FailbackInProgress, JobSucceeded)] = FailedBackToOnPremises,
        [(FailbackInProgress, JobFailed)] = FailbackFailed,
        [(FailbackFailed, UnplannedFailover)] = FailbackInProgress,
        [(FailbackFailed, DisableProtection)] = DisablingProtection,
        [(FailedBackToOnPremises, Commit)] = CommitOnPremisesInProgress,
        [(CommitOnPremisesInProgress, JobSucceeded)] = FailbackCommitted,
        [(CommitOnPremisesInProgress, JobFailed)] = CommitOnPremisesFailed,
        [(CommitOnPremisesFailed, Commit)] = CommitOnPremisesInProgress,
        [(FailbackCommitted, ReverseReplicate)] = ReprotectToAzureInProgress,
        [(FailbackCommitted, DisableProtection)] = DisablingProtection,
        [(ReprotectToAzureInProgress, JobSucceeded)] = InitialReplication,
        [(ReprotectToAzureInProgress, JobFailed)] = ReprotectToAzureFailed,
        [(ReprotectToAzureFailed, ReverseReplicate)] = ReprotectToAzureInProgress,
        [(ReprotectToAzureFailed, DisableProtection)] = DisablingProtection,
        [(DisablingProtection, JobFailed)] = DisableProtectionFailed,
        [(DisableProtectionFailed, DisableProtection)] = DisablingProtection,
    };

    /// <summary>
    /// The testFailoverState after <paramref name="trigger"/> when it is a step of a test failover: the item stays Protected
    /// (an internal transition); null when the trigger is no such step.
    /// </summary>
    public TestFailoverState? NextTest(ItemTrigger trigger) => State != Protected ? null : (trigger, Test) switch
    {
        (TestFailover, TestFailoverState.None) => TestFailoverState.TestFailoverInitiated,
        (TestFailoverCleanup, TestFailoverState.TestFailoverCompleted or TestFailoverState.TestFailoverFailed or TestFailoverState.TestFailoverCleanupFailed)
            => TestFailoverState.TestFailoverCleanupInitiated,
        (JobSucceeded, TestFailoverState.TestFailoverInitiated) => TestFailoverState.TestFailoverCompleted,
        (JobSucceeded, TestFailoverState.TestFailoverCleanupInitiated) => TestFailoverState.None,
        (JobFailed, TestFailoverState.TestFailoverInitiated) => TestFailoverState.TestFailoverFailed,
        (JobFailed, TestFailoverState.TestFailoverCleanupInitiated) => TestFailoverState.TestFailoverCleanupFailed,
        _ => null,
    };

    /// <summary>The state after <paramref name="trigger"/>, or null when the item refuses it.</summary>
    public ProtectionState? Next(ItemTrigger trigger)
    {
        if (NextTest(trigger) is not null) return State;
        if (State == Protected && Test != TestFailoverState.None) return null; // a pending test failover blocks the rest
        if (State == DisablingProtection && trigger == JobSucceeded)
            return Location == Site.OnPremises ? Unprotected : ProtectionDisabledInAzure;
        if (trigger == ReverseReplicate && State is FailoverCommittedInAzure or ReprotectToOnPremisesFailed && !FailbackSupported)
            return null; // LOC-3
        return Table.TryGetValue((State, trigger), out var next) ? next : null;
    }

    public ItemModel Apply(ItemTrigger trigger)
    {
        if (NextTest(trigger) is { } test) return this with { Test = test };
        if (Next(trigger) is not { } next) return this;
        return next switch
        {
            EnablingProtection or ReprotectToAzureInProgress => this with { State = next, Direction = ReplicationDirection.OnPremisesToAzure },
            ReprotectToOnPremisesInProgress => this with { State = next, Direction = ReplicationDirection.AzureToOnPremises },
            FailedOverToAzure => this with { State = next, Location = Site.Azure, Direction = null },
            FailedBackToOnPremises => this with { State = next, Location = Site.OnPremises, Direction = null },
            Unprotected or ProtectionDisabledInAzure => this with { State = next, Direction = null },
            _ => this with { State = next },
        };
    }

    public override string ToString() => $"{State}/{Location}/{Direction}/{Test}{(FailbackSupported ? "" : " (LOC-3)")}";

    public IReadOnlyList<AsrOperation> Allowed =>
        [.. Enum.GetValues<AsrOperation>().Where(op => Next(Enum.Parse<ItemTrigger>(op.ToString())) is not null)];
}
