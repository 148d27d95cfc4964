using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Replication;
using Stateless;
using Stateless.Graph;
using static Failback.Engine.Orchestration.Items.ProtectionState;

namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// The state machine of one protected item over the whole cycle (CYC-1). A user operation moves the
/// item into the operation's in-progress state; the end of its job moves it on (JobSucceeded) or into
/// the failed state (JobFailed) from which the same operation is retried. <see cref="AllowedOperations"/>
/// is ASR's allowedOperations: the machine's permitted triggers with their guards.
/// Stateless is not thread-safe: the owner fires one trigger at a time (the orchestrator's per-item
/// queue); a second concurrent fire is a bug and throws.
/// </summary>
internal sealed class ProtectedItemMachine
{
    private const string FailbackSupportedGuard = "failback supported (LOC-3)";
    private const string NoTestFailoverGuard = "no test failover pending";

    private readonly StateMachine<ProtectionState, ItemTrigger> _machine;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<EnableProtectionInput> _enableProtection;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<ReprotectInput> _reverseReplicate;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<RecoveryPoint> _unplannedFailover;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<AsrError> _jobFailed;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<RecoveryPoint> _testFailover;
    private readonly StateMachine<ProtectionState, ItemTrigger>.TriggerWithParameters<RecoveryPoint> _changePit;
    private ProtectedItem _item;
    private int _firing;

    public ProtectedItemMachine(ProtectedItem item)
    {
        _item = item ?? throw new ArgumentNullException(nameof(item));
        _machine = new StateMachine<ProtectionState, ItemTrigger>(() => _item.State, s => _item = _item with { State = s });
        _enableProtection = _machine.SetTriggerParameters<EnableProtectionInput>(ItemTrigger.EnableProtection);
        _reverseReplicate = _machine.SetTriggerParameters<ReprotectInput>(ItemTrigger.ReverseReplicate);
        _unplannedFailover = _machine.SetTriggerParameters<RecoveryPoint>(ItemTrigger.UnplannedFailover);
        _jobFailed = _machine.SetTriggerParameters<AsrError>(ItemTrigger.JobFailed);
        _testFailover = _machine.SetTriggerParameters<RecoveryPoint>(ItemTrigger.TestFailover);
        _changePit = _machine.SetTriggerParameters<RecoveryPoint>(ItemTrigger.ChangePit);
        Configure();
        _machine.OnTransitioned(RecordOutcome);
        _machine.OnTransitionCompleted(_ => Changed?.Invoke(_item));
        _machine.OnUnhandledTrigger((state, trigger) => throw Refuse(state, trigger));
    }

    /// <summary>The item as it stands now.</summary>
    public ProtectedItem Item => _item;

    /// <summary>Raised after every transition, once its entry actions have run, with the item as it then stands.</summary>
    public event Action<ProtectedItem>? Changed;

    /// <summary>Every user operation the machine permits now, guards included: enabling protection (ASR's PUT) among them.</summary>
    public IReadOnlyList<AsrOperation> PermittedOperations =>
        [.. Enum.GetValues<AsrOperation>().Where(op => _machine.CanFire(ToTrigger(op), out _))];

    /// <summary>ASR's allowedOperations: the permitted operations that are ReplicationProtectedItemOperation values
    /// (enabling protection is the item's PUT, never listed).</summary>
    public IReadOnlyList<AsrOperation> AllowedOperations => [.. PermittedOperations.Where(op => op != AsrOperation.EnableProtection)];

    /// <summary>Null when <paramref name="operation"/> is allowed now; otherwise the error that refuses it.</summary>
    public AsrError? Refusal(AsrOperation operation) =>
        _machine.CanFire(ToTrigger(operation), out var unmetGuards) ? null : NotAllowed(_item.State, ToTrigger(operation), unmetGuards);

    public Task EnableProtectionAsync(EnableProtectionInput input) => FireAsync(() => _machine.FireAsync(_enableProtection, input));

    /// <summary>Null when reprotect with <paramref name="input"/> is allowed now: the operation, and the direction offered where the machine runs (RP-1).</summary>
    public AsrError? ReprotectRefusal(ReprotectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal(AsrOperation.ReverseReplicate) is { } refusal) return refusal;
        var offered = _item.ActiveLocation == Site.Azure ? ReplicationDirection.AzureToOnPremises : ReplicationDirection.OnPremisesToAzure;
        return input.Direction == offered
            ? null
            : ErrorCatalog.ReprotectDirection.Create(
                $"'{_item.Name}' runs {(_item.ActiveLocation == Site.Azure ? "in Azure" : "on-premises")}, so reprotect goes {Describe(offered)}, not {Describe(input.Direction)}");
    }

    public Task ReverseReplicateAsync(ReprotectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refusal(AsrOperation.ReverseReplicate) is null && ReprotectRefusal(input) is { } wrongDirection)
            throw new AsrException(wrongDirection);
        return FireAsync(() => _machine.FireAsync(_reverseReplicate, input));
    }

    /// <summary>A failover to the Latest point records the point its synchronization made, once made (on the item's queue).</summary>
    public void RecordFailoverPoint(RecoveryPoint point)
    {
        _item = _item with { FailoverRecoveryPoint = point };
        Changed?.Invoke(_item);
    }

    public Task UnplannedFailoverAsync(RecoveryPoint point) => FireAsync(() => _machine.FireAsync(_unplannedFailover, point));
    public Task CommitAsync() => FireAsync(() => _machine.FireAsync(ItemTrigger.Commit));
    public Task DisableProtectionAsync() => FireAsync(() => _machine.FireAsync(ItemTrigger.DisableProtection));
    public Task TestFailoverAsync(RecoveryPoint point) => FireAsync(() => _machine.FireAsync(_testFailover, point));
    public Task ChangePitAsync(RecoveryPoint point) => FireAsync(() => _machine.FireAsync(_changePit, point));
    public Task TestFailoverCleanupAsync() => FireAsync(() => _machine.FireAsync(ItemTrigger.TestFailoverCleanup));
    public Task JobSucceededAsync() => FireAsync(() => _machine.FireAsync(ItemTrigger.JobSucceeded));
    public Task JobFailedAsync(AsrError error) => FireAsync(() => _machine.FireAsync(_jobFailed, error));
    public Task InitialReplicationCompletedAsync() => FireAsync(() => _machine.FireAsync(ItemTrigger.InitialReplicationCompleted));

    /// <summary>
    /// The state machine drawn as a Mermaid state diagram (what <c>drill diagram</c> prints): each internal state is
    /// labelled with the protectionState ASR shows for it and, where fixed, its activeLocation.
    /// </summary>
    public static string MermaidDiagram()
    {
        var graph = MermaidGraph.Format(new ProtectedItemMachine(new ProtectedItem { Id = "item", Name = "item" })._machine.GetInfo());
        var header = graph.IndexOf('\n', StringComparison.Ordinal) + 1;
        var labels = string.Concat(Enum.GetValues<ProtectionState>().Select(state =>
            $"\tstate \"{ProtectionStateNames.Of(state).State}{(PublicLocation(state) is { } at ? $" ({at})" : "")}\" as {state}\n"));
        // Stateless labels the guard of an async internal transition "Function": name the test failover's guards.
        foreach (var (trigger, guard) in new[] { ("TestFailover", NoTestFailoverGuard), ("TestFailoverCleanup", "a test failover to clean up"),
                     ("JobSucceeded", "a test failover job running"), ("JobFailed", "a test failover job running") })
            graph = graph.Replace($"Protected --> Protected : {trigger} [Function]", $"Protected --> Protected : {trigger} [{guard}]", StringComparison.Ordinal);
        return graph[..header] + labels + graph[header..];
    }

    /// <summary>ASR's activeLocation for a state, null where it depends on where the item ran (disabling protection).</summary>
    private static string? PublicLocation(ProtectionState state) => state switch
    {
        DisablingProtection or DisableProtectionFailed => null,
        >= FailedOverToAzure and <= FailbackFailed or ProtectionDisabledInAzure or ChangeRecoveryPointInProgress or ChangeRecoveryPointFailed => "Recovery",
        _ => "Primary",
    };

    private void Configure()
    {
        var onPremises = () => _item.ActiveLocation == Site.OnPremises;
        var inAzure = () => _item.ActiveLocation == Site.Azure;
        var failbackSupported = () => _item.FailbackSupported;

        // Protection to Azure.
        _machine.Configure(Unprotected)
            .OnEntry(() => _item = _item with { Direction = null }, "stop replicating")
            .Permit(ItemTrigger.EnableProtection, EnablingProtection);
        _machine.Configure(EnablingProtection)
            .OnEntryFrom(_enableProtection, input => _item = _item with
            {
                ProcessServer = input.ProcessServer,
                Policy = input.Policy ?? _item.Policy,
                Direction = ReplicationDirection.OnPremisesToAzure,
            }, "record process server and policy")
            .Permit(ItemTrigger.JobSucceeded, InitialReplication)
            .Permit(ItemTrigger.JobFailed, EnableProtectionFailed);
        _machine.Configure(EnableProtectionFailed)
            .Permit(ItemTrigger.EnableProtection, EnablingProtection)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(InitialReplication)
            .Permit(ItemTrigger.InitialReplicationCompleted, Protected)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        // A test failover leaves the item Protected and replicating: only its testFailoverState moves, and while a test VM
        // exists the item is not failed over or unprotected (clean the test up first).
        var noTestFailover = NoTestFailoverPending;
        _machine.Configure(Protected)
            .PermitIf(ItemTrigger.UnplannedFailover, FailoverToAzureInProgress, noTestFailover, NoTestFailoverGuard)
            .PermitIf(ItemTrigger.DisableProtection, DisablingProtection, noTestFailover, NoTestFailoverGuard)
            // Async internal transitions: Stateless runs a synchronous internal action of FireAsync through Task.Run.
            .InternalTransitionAsyncIf(_testFailover, NoTestFailoverPendingFor, (point, _) => SetTestFailover(TestFailoverState.TestFailoverInitiated, point))
            .InternalTransitionAsyncIf(ItemTrigger.TestFailoverCleanup,
                TestFailoverToCleanUp,
                _ => SetTestFailover(TestFailoverState.TestFailoverCleanupInitiated))
            .InternalTransitionAsyncIf(ItemTrigger.JobSucceeded, TestFailoverJobRunning, _ => SetTestFailover(_item.TestFailoverState == TestFailoverState.TestFailoverInitiated
                ? TestFailoverState.TestFailoverCompleted : TestFailoverState.None))
            .InternalTransitionAsyncIf(_jobFailed, TestFailoverJobFailing, (error, _) => SetTestFailover(_item.TestFailoverState == TestFailoverState.TestFailoverInitiated
                ? TestFailoverState.TestFailoverFailed : TestFailoverState.TestFailoverCleanupFailed, error: error));

        // Unplanned failover to Azure, then commit.
        _machine.Configure(FailoverToAzureInProgress)
            .OnEntryFrom(_unplannedFailover, point => _item = _item with { FailoverRecoveryPoint = point }, "record recovery point")
            .Permit(ItemTrigger.JobSucceeded, FailedOverToAzure)
            .Permit(ItemTrigger.JobFailed, FailoverToAzureFailed);
        _machine.Configure(FailoverToAzureFailed)
            .Permit(ItemTrigger.UnplannedFailover, FailoverToAzureInProgress)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(FailedOverToAzure)
            .OnEntry(() => _item = _item with { ActiveLocation = Site.Azure, Direction = null }, "active location Azure")
            .Permit(ItemTrigger.ChangePit, ChangeRecoveryPointInProgress)
            .Permit(ItemTrigger.Commit, CommitInAzureInProgress);
        // Change recovery point (ASR's ChangePit) until the commit deletes the points (CM-3).
        _machine.Configure(ChangeRecoveryPointInProgress)
            .OnEntryFrom(_changePit, point => _item = _item with { FailoverRecoveryPoint = point }, "record recovery point")
            .Permit(ItemTrigger.JobSucceeded, FailedOverToAzure)
            .Permit(ItemTrigger.JobFailed, ChangeRecoveryPointFailed);
        _machine.Configure(ChangeRecoveryPointFailed)
            .Permit(ItemTrigger.ChangePit, ChangeRecoveryPointInProgress);
        _machine.Configure(CommitInAzureInProgress)
            .Permit(ItemTrigger.JobSucceeded, FailoverCommittedInAzure)
            .Permit(ItemTrigger.JobFailed, CommitInAzureFailed);
        _machine.Configure(CommitInAzureFailed)
            .Permit(ItemTrigger.Commit, CommitInAzureInProgress);

        // Reprotect Azure to on-premises (CYC-1 stage 1).
        _machine.Configure(FailoverCommittedInAzure)
            .PermitIf(ItemTrigger.ReverseReplicate, ReprotectToOnPremisesInProgress, failbackSupported, FailbackSupportedGuard)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(ReprotectToOnPremisesInProgress)
            .OnEntryFrom(_reverseReplicate, input => _item = _item with
            {
                LastReprotectToOnPremises = (ReprotectToOnPremisesInput)input,
                ProcessServer = ((ReprotectToOnPremisesInput)input).ProcessServer,
                Direction = ReplicationDirection.AzureToOnPremises,
            }, "record reprotect values")
            .Permit(ItemTrigger.JobSucceeded, InitialReplicationToOnPremises)
            .Permit(ItemTrigger.JobFailed, ReprotectToOnPremisesFailed);
        _machine.Configure(ReprotectToOnPremisesFailed)
            .PermitIf(ItemTrigger.ReverseReplicate, ReprotectToOnPremisesInProgress, failbackSupported, FailbackSupportedGuard)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(InitialReplicationToOnPremises)
            .Permit(ItemTrigger.InitialReplicationCompleted, ProtectedToOnPremises)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(ProtectedToOnPremises)
            .Permit(ItemTrigger.UnplannedFailover, FailbackInProgress)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);

        // Unplanned failover to on-premises (failback, stage 2), then commit.
        _machine.Configure(FailbackInProgress)
            .OnEntryFrom(_unplannedFailover, point => _item = _item with { FailoverRecoveryPoint = point }, "record recovery point")
            .Permit(ItemTrigger.JobSucceeded, FailedBackToOnPremises)
            .Permit(ItemTrigger.JobFailed, FailbackFailed);
        _machine.Configure(FailbackFailed)
            .Permit(ItemTrigger.UnplannedFailover, FailbackInProgress)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(FailedBackToOnPremises)
            .OnEntry(() => _item = _item with { ActiveLocation = Site.OnPremises, Direction = null }, "active location on-premises")
            .Permit(ItemTrigger.Commit, CommitOnPremisesInProgress);
        _machine.Configure(CommitOnPremisesInProgress)
            .Permit(ItemTrigger.JobSucceeded, FailbackCommitted)
            .Permit(ItemTrigger.JobFailed, CommitOnPremisesFailed);
        _machine.Configure(CommitOnPremisesFailed)
            .Permit(ItemTrigger.Commit, CommitOnPremisesInProgress);

        // Reprotect on-premises to Azure (stage 3); its initial replication closes the cycle.
        _machine.Configure(FailbackCommitted)
            .Permit(ItemTrigger.ReverseReplicate, ReprotectToAzureInProgress)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(ReprotectToAzureInProgress)
            .OnEntryFrom(_reverseReplicate, input => _item = _item with
            {
                LastReprotectToAzure = (ReprotectToAzureInput)input,
                ProcessServer = ((ReprotectToAzureInput)input).ProcessServer,
                Direction = ReplicationDirection.OnPremisesToAzure,
            }, "record process server and policy")
            .Permit(ItemTrigger.JobSucceeded, InitialReplication)
            .Permit(ItemTrigger.JobFailed, ReprotectToAzureFailed);
        _machine.Configure(ReprotectToAzureFailed)
            .Permit(ItemTrigger.ReverseReplicate, ReprotectToAzureInProgress)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);

        // Disable protection: back to unprotected on-premises, or for good in Azure.
        _machine.Configure(DisablingProtection)
            .PermitIf(ItemTrigger.JobSucceeded, Unprotected, onPremises, "active location on-premises")
            .PermitIf(ItemTrigger.JobSucceeded, ProtectionDisabledInAzure, inAzure, "active location Azure")
            .Permit(ItemTrigger.JobFailed, DisableProtectionFailed);
        _machine.Configure(DisableProtectionFailed)
            .Permit(ItemTrigger.DisableProtection, DisablingProtection);
        _machine.Configure(ProtectionDisabledInAzure)
            .OnEntry(() => _item = _item with { Direction = null }, "stop replicating");
    }

    // Named guards: the diagram labels an internal transition's guard with its method's name.
    private bool NoTestFailoverPending() => _item.TestFailoverState == TestFailoverState.None;
    private bool NoTestFailoverPendingFor(RecoveryPoint _) => NoTestFailoverPending();
    private bool TestFailoverToCleanUp() =>
        _item.TestFailoverState is TestFailoverState.TestFailoverCompleted or TestFailoverState.TestFailoverFailed or TestFailoverState.TestFailoverCleanupFailed;
    private bool TestFailoverJobRunning() => _item.TestFailoverState is TestFailoverState.TestFailoverInitiated or TestFailoverState.TestFailoverCleanupInitiated;
    private bool TestFailoverJobFailing(AsrError _) => TestFailoverJobRunning();

    // A test failover's steps are internal transitions (the protectionState stays): they record their own outcome.
    private Task SetTestFailover(TestFailoverState state, RecoveryPoint? point = null, AsrError? error = null)
    {
        _item = _item with
        {
            TestFailoverState = state,
            TestFailoverRecoveryPoint = point ?? _item.TestFailoverRecoveryPoint,
            LastError = state is TestFailoverState.TestFailoverInitiated or TestFailoverState.TestFailoverCleanupInitiated ? null : error ?? _item.LastError,
        };
        return Task.CompletedTask;
    }

    // A new operation clears the last error; a failed job records its error.
    private void RecordOutcome(StateMachine<ProtectionState, ItemTrigger>.Transition transition)
    {
        if (transition.Trigger == ItemTrigger.JobFailed)
            _item = _item with { LastError = (AsrError)transition.Parameters[0] };
        else if (IsOperation(transition.Trigger))
            _item = _item with { LastError = null };
    }

    private async Task FireAsync(Func<Task> fire)
    {
        if (Interlocked.Exchange(ref _firing, 1) != 0)
            throw new InvalidOperationException(
                $"Concurrent fire on protected item '{_item.Id}': Stateless is not thread-safe, so every fire must go through the item's queue.");
        try
        {
            await fire();
        }
        finally
        {
            Volatile.Write(ref _firing, 0);
        }
    }

    // Stateless hands FireAsync's unhandled-trigger action no unmet guards, so ask CanFire for them.
    private Exception Refuse(ProtectionState state, ItemTrigger trigger)
    {
        if (!IsOperation(trigger))
            return new InvalidOperationException($"Engine event {trigger} does not apply to item '{_item.Id}' in state {state}.");
        _machine.CanFire(trigger, out var unmetGuards);
        return new AsrException(NotAllowed(state, trigger, unmetGuards));
    }

    private AsrError NotAllowed(ProtectionState state, ItemTrigger trigger, ICollection<string>? unmetGuards)
    {
        var allowed = AllowedOperations;
        var detail = $"{trigger} is not allowed for '{_item.Name}' in protection state {ProtectionStateNames.Of(state).State}; allowed operations: " +
                     (allowed.Count == 0 ? "none" : string.Join(", ", allowed));
        if (unmetGuards?.Contains(FailbackSupportedGuard) == true)
            return ErrorCatalog.FailbackNotSupported.Create($"{detail}. '{_item.Name}' is a {ProtectedItem.WindowsServer2008R2Sp1} machine protected as a physical server");
        // A pending test failover blocks another, a failover and disabling protection (the async internal transitions
        // of Stateless take no guard description, so the state says it).
        var testPending = state == Protected && _item.TestFailoverState != TestFailoverState.None
            && trigger is ItemTrigger.TestFailover or ItemTrigger.UnplannedFailover or ItemTrigger.DisableProtection;
        return unmetGuards?.Contains(NoTestFailoverGuard) == true || testPending
            ? ErrorCatalog.TestFailoverPending.Create($"{detail}. '{_item.Name}' has a test failover in test failover state {_item.TestFailoverState}")
            : ErrorCatalog.OperationNotAllowed.Create(detail);
    }

    private static string Describe(ReplicationDirection direction) =>
        direction == ReplicationDirection.AzureToOnPremises ? "from Azure to on-premises" : "from on-premises to Azure";

    private static bool IsOperation(ItemTrigger trigger) =>
        trigger is not (ItemTrigger.JobSucceeded or ItemTrigger.JobFailed or ItemTrigger.InitialReplicationCompleted);

    private static ItemTrigger ToTrigger(AsrOperation operation) => operation switch
    {
        AsrOperation.EnableProtection => ItemTrigger.EnableProtection,
        AsrOperation.ReverseReplicate => ItemTrigger.ReverseReplicate,
        AsrOperation.UnplannedFailover => ItemTrigger.UnplannedFailover,
        AsrOperation.Commit => ItemTrigger.Commit,
        AsrOperation.DisableProtection => ItemTrigger.DisableProtection,
        AsrOperation.TestFailover => ItemTrigger.TestFailover,
        AsrOperation.TestFailoverCleanup => ItemTrigger.TestFailoverCleanup,
        AsrOperation.ChangePit => ItemTrigger.ChangePit,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
    };
}
