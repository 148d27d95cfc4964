using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Ports.Network;

namespace Failback.Engine.Orchestration;

/// <summary>
/// The control plane: runs ASR's operations on protected items as jobs. An operation not allowed in the
/// item's state, or with bad input, is refused with an <see cref="AsrException"/> and changes nothing.
/// An admitted operation becomes a job whose first task checks the prerequisites: a failure there fails
/// the job before anything changes. Then the state machine moves to the operation's in-progress state,
/// the tasks run in order, and the job's end moves the machine on or to the failed state.
/// Fires of one item go through its <see cref="ItemQueue"/>; different items run concurrently.
/// </summary>
public class Orchestrator
{
    private readonly Dictionary<string, ItemRuntime> _items = new(StringComparer.Ordinal);
    /// <summary>The running item jobs that allow Cancel, with what cancels them.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource> _cancellable = new(StringComparer.Ordinal);
    private readonly OperationRecipes _recipes;
    private readonly IJobStore _jobs;
    private readonly TimeProvider _time;
    private int _jobCounter;

    public Orchestrator(IReplicationService replication, ISiteDiscovery discovery, ISiteMachines machines, IJobStore jobs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(replication);
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(machines);
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _recipes = new OperationRecipes(replication, discovery, machines);
        Replication = replication;
        _jobCounter = jobs.All().Count;
    }

    internal IReplicationService Replication { get; }

    /// <summary>Adds an item to the vault, in the state it is in (Unprotected for a new machine, or as restored).</summary>
    public ProtectedItem Register(ProtectedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var machine = new ProtectedItemMachine(item);
        if (!_items.TryAdd(item.Id, new ItemRuntime(machine, NewQueue())))
            throw new ArgumentException($"A protected item with id '{item.Id}' is already registered.", nameof(item));
        machine.Changed += changed => ItemChanged?.Invoke(changed);
        return item;
    }

    /// <summary>Raised after every transition of an item (state, active location), so its record can be kept where ASR keeps it.</summary>
    public event Action<ProtectedItem>? ItemChanged;

    /// <summary>The queue that serializes one item's fires; a seam only so tests can plant an unserialized one.</summary>
    protected virtual ItemQueue NewQueue() => new();

    public IReadOnlyList<ProtectedItem> Items => [.. _items.Values.Select(r => r.Machine.Item)];

    public ProtectedItem Item(string itemId) => Runtime(itemId).Machine.Item;

    /// <summary>ASR's allowedOperations for the item, from its state machine.</summary>
    public IReadOnlyList<AsrOperation> AllowedOperations(string itemId) => Runtime(itemId).Machine.AllowedOperations;

    /// <summary>Every operation the item's state machine permits now, enabling protection (the PUT) included.</summary>
    public IReadOnlyList<AsrOperation> PermittedOperations(string itemId) => Runtime(itemId).Machine.PermittedOperations;

    /// <summary>
    /// ASR's job Restart (the documented fix for 78093): runs a failed item job's operation again, with the same
    /// inputs, as a new job. Allowed while the job lists Restart in its allowedActions.
    /// </summary>
    public Task<Job> RestartJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var job = _jobs.Find(jobId) ?? throw new AsrException(ErrorCatalog.JobNotRestartable.Create($"there is no job '{jobId}'"));
        var restartable = job.TargetKind == JobTargetKind.ProtectedItem && job.AllowedActions.Contains(JobNames.Restart)
            && Runtime(job.TargetId).Restartable is { } last && last.JobId == jobId;
        if (!restartable)
            throw new AsrException(ErrorCatalog.JobNotRestartable.Create(
                $"{job.Id} ({job.FriendlyName} of '{job.TargetObjectName}') is {job.StateDescription} and allows no restart"));
        var runtime = Runtime(job.TargetId);
        return RunAsync(runtime, runtime.Restartable!.Value.Recipe, cancellationToken);
    }

    /// <summary>
    /// ASR's job Cancel: a running item job (its allowedActions list Cancel) stops at its next task boundary, or in the
    /// task running now where that task waits on something that can be cancelled; it ends Cancelled (FB9001) and the item
    /// takes the operation's failed state, as for a failure.
    /// </summary>
    public Job CancelJob(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var job = _jobs.Find(jobId) ?? throw new AsrException(ErrorCatalog.JobNotCancellable.Create($"there is no job '{jobId}'"));
        if (!job.AllowedActions.Contains(JobNames.Cancel) || !_cancellable.TryGetValue(jobId, out var cancel))
            throw new AsrException(ErrorCatalog.JobNotCancellable.Create(
                $"{job.Id} ({job.FriendlyName} of '{job.TargetObjectName}') is {job.StateDescription} and allows no cancel"));
        cancel.Cancel();
        return job;
    }

    public Task<Job> EnableProtectionAsync(string itemId, EnableProtectionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.EnableProtection, input), cancellationToken);
    }

    /// <summary>Reprotect (ReverseReplicate). A member of a replication group is reprotected only through a recovery plan (RP-8).</summary>
    public Task<Job> ReprotectAsync(string itemId, ReprotectInput input, CancellationToken cancellationToken = default) =>
        ReprotectAsync(itemId, input, viaPlan: false, cancellationToken);

    internal Task<Job> ReprotectAsync(string itemId, ReprotectInput input, bool viaPlan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.ReverseReplicate, input, viaPlan), cancellationToken);
    }

    public Task<Job> UnplannedFailoverAsync(string itemId, UnplannedFailoverInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.UnplannedFailover, input), cancellationToken);
    }

    public Task<Job> CommitAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.Commit, null), cancellationToken);
    }

    public Task<Job> DisableProtectionAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.DisableProtection, null), cancellationToken);
    }

    /// <summary>ASR's testFailover: a test VM at a recovery point in a test network; replication goes on.</summary>
    public Task<Job> TestFailoverAsync(string itemId, TestFailoverInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.TestFailover, input), cancellationToken);
    }

    /// <summary>
    /// ASR's applyRecoveryPoint (allowed operation ChangePit): between a failover to Azure and its commit, recreates the VM
    /// from another point of the retention window; the commit then keeps that point.
    /// </summary>
    public Task<Job> ChangeRecoveryPointAsync(string itemId, ApplyRecoveryPointInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.ChangePit, input), cancellationToken);
    }

    /// <summary>ASR's testFailoverCleanup: deletes the test VM and its disks; the job keeps the notes.</summary>
    public Task<Job> TestFailoverCleanupAsync(string itemId, TestFailoverCleanupInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = Runtime(itemId);
        return RunAsync(runtime, Admit(runtime, AsrOperation.TestFailoverCleanup, input), cancellationToken);
    }

    /// <summary>
    /// ASR's answer to an operation before any job is made: the refusal of its input or of the item's state, else the first
    /// error of the prerequisite check the job's first task would run now (the same recipe and checks; the facts read without
    /// acting, so a process server's heartbeat is judged by its route instead of being sent). Null when the operation would
    /// start and pass its check. Makes no job and changes nothing in the vault; the sites' APIs it reads take virtual time,
    /// so a caller that must leave no trace runs it where time stands still (the kernel's Probe).
    /// <paramref name="input"/> is the operation's input type (none for commit and disable protection).
    /// </summary>
    public Task<AsrError?> PreflightAsync(string itemId, AsrOperation operation, object? input = null, CancellationToken cancellationToken = default) =>
        PreflightAsync(itemId, operation, input, prerequisites: true, cancellationToken);

    /// <summary>The preflight; without <paramref name="prerequisites"/>, only what refuses the operation before its job.</summary>
    internal async Task<AsrError?> PreflightAsync(string itemId, AsrOperation operation, object? input, bool prerequisites, CancellationToken cancellationToken)
    {
        var runtime = Runtime(itemId);
        OperationRecipe recipe;
        try
        {
            recipe = Admit(runtime, operation, input);
        }
        catch (AsrException e)
        {
            return e.Error;
        }
        if (recipe.Refusal(runtime.Machine) is { } refusal) return refusal;
        if (!prerequisites) return null;
        using var preflight = Preflight.Enter();
        var errors = await PrerequisitesAsync(recipe, runtime.Machine.Item, cancellationToken);
        return errors.Count > 0 ? errors[0] : null;
    }

    /// <summary>What refuses an operation before any job (its input, a replication group's member outside a recovery plan), and its recipe.</summary>
    private OperationRecipe Admit(ItemRuntime runtime, AsrOperation operation, object? input, bool viaPlan = false)
    {
        switch (operation)
        {
            case AsrOperation.EnableProtection:
                var enable = Input<EnableProtectionInput>(input);
                Require(!string.IsNullOrWhiteSpace(enable.ProcessServer), ErrorCatalog.ProcessServerForAzureMissing, "enable protection names no process server");
                return _recipes.EnableProtection(enable);
            case AsrOperation.ReverseReplicate:
                var reprotect = Input<ReprotectInput>(input);
                if (!viaPlan && runtime.Machine.Item.ReplicationGroup is { } group)
                    throw new AsrException(ErrorCatalog.ReplicationGroupOutsidePlan.Create($"'{runtime.Machine.Item.Name}' is in replication group '{group}'"));
                Validate(reprotect);
                return _recipes.Reprotect(reprotect);
            case AsrOperation.UnplannedFailover:
                var failover = Input<UnplannedFailoverInput>(input);
                RequirePointChoice(failover.RecoveryPointType, failover.RecoveryPointId);
                return _recipes.UnplannedFailover(failover);
            case AsrOperation.TestFailover:
                var test = Input<TestFailoverInput>(input);
                RequirePointChoice(test.RecoveryPointType, test.RecoveryPointId);
                return _recipes.TestFailover(test);
            case AsrOperation.ChangePit:
                var change = Input<ApplyRecoveryPointInput>(input);
                RequirePointChoice(change.RecoveryPointType, change.RecoveryPointId);
                return _recipes.ChangeRecoveryPoint(change);
            case AsrOperation.TestFailoverCleanup:
                return _recipes.TestFailoverCleanup(Input<TestFailoverCleanupInput>(input));
            case AsrOperation.Commit:
                return _recipes.Commit();
            case AsrOperation.DisableProtection:
                return _recipes.DisableProtection();
            default:
                throw new ArgumentException($"{operation} is not an operation on one item; those are EnableProtection, ReverseReplicate, UnplannedFailover, Commit, DisableProtection, TestFailover, TestFailoverCleanup and ChangePit.", nameof(operation));
        }
    }

    private static T Input<T>(object? input) => input is T typed ? typed
        : throw new ArgumentException($"The operation takes a {typeof(T).Name}, not {(input is null ? "none" : "a " + input.GetType().Name)}.", nameof(input));

    /// <summary>The recipe's prerequisite errors; a check that throws is reported as the job reports it.</summary>
    private static async Task<IReadOnlyList<AsrError>> PrerequisitesAsync(OperationRecipe recipe, ProtectedItem item, CancellationToken cancellationToken)
    {
        try
        {
            return await recipe.Prerequisites(item, cancellationToken);
        }
        catch (Exception e)
        {
            return [ToError(e, cancellationToken)];
        }
    }

    /// <summary>A point choice of failover, test failover and change of point: an id with Custom, and only then.</summary>
    private static void RequirePointChoice(RecoveryPointType type, string? pointId)
    {
        var custom = type == RecoveryPointType.Custom;
        Require(custom == !string.IsNullOrWhiteSpace(pointId), ErrorCatalog.RecoveryPointNotFound,
            custom ? "a Custom recovery point needs the id of a listed point" : $"{type} takes no recovery point id");
    }

    /// <summary>The data plane reports that an item's initial replication (either direction) completed.</summary>
    public Task CompleteInitialReplicationAsync(string itemId)
    {
        var runtime = Runtime(itemId);
        return runtime.Queue.RunAsync(() => runtime.Machine.InitialReplicationCompletedAsync());
    }

    /// <summary>
    /// The data plane's event that an item's initial replication ended, queued on the item: it completes at
    /// once in initial replication; while the enabling (or reprotect) job still runs it is held, and applied
    /// when the job's end moves the item into initial replication.
    /// </summary>
    internal Task ReportInitialReplicationAsync(string itemId)
    {
        var runtime = Runtime(itemId);
        return runtime.Queue.RunAsync(async () =>
        {
            if (InInitialReplication(runtime)) await runtime.Machine.InitialReplicationCompletedAsync();
            else if (runtime.JobRunning) runtime.InitialReplicationReported = true;
        });
    }

    /// <summary>Completes when the item's initial replication has ended (it is past either initial replication state).</summary>
    internal Task InitialReplicationEndedAsync(string itemId)
    {
        var runtime = Runtime(itemId);
        var ended = new TaskCompletionSource();
        void Check(ProtectedItem item)
        {
            if (item.Id != itemId || InInitialReplication(runtime)) return;
            ItemChanged -= Check;
            ended.TrySetResult();
        }
        // Subscribe, then look: a transition between a look and a later subscription would be a lost wake-up
        // (the subscription is an interlocked exchange, where another thread's fire can run).
        ItemChanged += Check;
        Check(runtime.Machine.Item);
        return ended.Task;
    }

    private static bool InInitialReplication(ItemRuntime runtime) =>
        runtime.Machine.Item.State is ProtectionState.InitialReplication or ProtectionState.InitialReplicationToOnPremises;

    /// <summary>
    /// The prerequisite errors the item's operation would fail on now, checked without running it: what a recovery
    /// plan's preflight asks of every item before any item changes anything.
    /// </summary>
    internal async Task<IReadOnlyList<AsrError>> PrerequisiteErrorsAsync(string itemId, AsrOperation operation, object? input, CancellationToken cancellationToken)
    {
        var recipe = operation switch
        {
            AsrOperation.UnplannedFailover => _recipes.UnplannedFailover((UnplannedFailoverInput)input!),
            AsrOperation.ReverseReplicate => _recipes.Reprotect((ReprotectInput)input!),
            AsrOperation.Commit => _recipes.Commit(),
            AsrOperation.DisableProtection => _recipes.DisableProtection(),
            AsrOperation.TestFailover => _recipes.TestFailover((TestFailoverInput)input!),
            AsrOperation.TestFailoverCleanup => _recipes.TestFailoverCleanup((TestFailoverCleanupInput)input!),
            AsrOperation.ChangePit => _recipes.ChangeRecoveryPoint((ApplyRecoveryPointInput)input!),
            _ => _recipes.EnableProtection((EnableProtectionInput)input!),
        };
        return await PrerequisitesAsync(recipe, Runtime(itemId).Machine.Item, cancellationToken);
    }

    internal AsrError? Refusal(string itemId, AsrOperation operation) => Runtime(itemId).Machine.Refusal(operation);

    internal AsrError? ReprotectRefusal(string itemId, ReprotectInput input) => Runtime(itemId).Machine.ReprotectRefusal(input);

    internal Job NewJob(AsrOperation operation, string targetId, JobTargetKind kind, IEnumerable<string> taskNames, string targetName) => new()
    {
        Id = $"job-{Interlocked.Increment(ref _jobCounter)}",
        Operation = operation,
        TargetId = targetId,
        TargetObjectName = targetName,
        TargetKind = kind,
        Tasks = [.. taskNames.Select(n => new JobTask(n))],
    };

    /// <summary>A new infrastructure job on a server of the fabric: its prerequisites check first, then <paramref name="taskNames"/>.</summary>
    internal Job NewJob(InfrastructureAction action, string server, IEnumerable<string> taskNames) => new()
    {
        Id = $"job-{Interlocked.Increment(ref _jobCounter)}",
        Action = action,
        TargetId = server,
        TargetObjectName = server,
        TargetKind = JobTargetKind.Server,
        Tasks = [new JobTask(JobNames.PrerequisitesCheck(action)), .. taskNames.Select(n => new JobTask(n))],
    };

    internal JobRecorder Record(Job job) => new(_jobs, _time, job);

    private async Task<Job> RunAsync(ItemRuntime runtime, OperationRecipe recipe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await RunCancellableAsync(runtime, recipe, cancel);
        }
        finally
        {
            foreach (var running in _cancellable.Where(c => ReferenceEquals(c.Value, cancel)).Select(c => c.Key).ToList())
                _cancellable.TryRemove(running, out _);
        }
    }

    private async Task<Job> RunCancellableAsync(ItemRuntime runtime, OperationRecipe recipe, CancellationTokenSource cancel)
    {
        var cancellationToken = cancel.Token;
        JobRecorder? job = null;
        IReadOnlyList<JobStep> steps = [];
        var started = await runtime.Queue.RunAsync(async () =>
        {
            if (recipe.Refusal(runtime.Machine) is { } refusal) throw new AsrException(refusal);
            Retire(runtime);
            var item = runtime.Machine.Item;
            steps = recipe.Steps(item);
            job = Record(NewJob(recipe.Operation, item.Id, JobTargetKind.ProtectedItem, [JobNames.PrerequisitesCheck(recipe.Operation), .. steps.Select(s => s.Name)], item.Name)
                with { Comments = recipe.Comments, AllowedActions = [JobNames.Cancel] });
            _cancellable[job.Job.Id] = cancel;
            job.StartTask(0);
            var errors = await PrerequisitesAsync(recipe, item, cancellationToken);
            if (errors.Count > 0)
            {
                var state = errors.Any(e => e.Code == ErrorCatalog.JobCancelled.Code) ? JobState.Cancelled : JobState.Failed;
                job.EndTask(0, state);
                job.Finish(state, errors, Restartable(runtime, job.Job, state, recipe));
                return false;
            }
            job.EndTask(0, JobState.Succeeded);
            await recipe.Start(runtime.Machine);
            runtime.JobRunning = true;
            return true;
        });
        if (!started) return job!.Job;

        var (outcome, failure) = await RunStepsAsync(runtime, job!, steps, cancellationToken);
        IReadOnlyList<string> actions = [];
        await runtime.Queue.RunAsync(async () =>
        {
            await (failure is null ? runtime.Machine.JobSucceededAsync() : runtime.Machine.JobFailedAsync(failure));
            actions = Restartable(runtime, job!.Job, outcome, recipe);
            runtime.JobRunning = false;
            var reported = runtime.InitialReplicationReported;
            runtime.InitialReplicationReported = false;
            if (reported && InInitialReplication(runtime)) await runtime.Machine.InitialReplicationCompletedAsync();
        });
        job!.Finish(outcome, failure is null ? [] : [failure], actions);
        return job.Job;
    }

    private static async Task<(JobState Outcome, AsrError? Failure)> RunStepsAsync(
        ItemRuntime runtime, JobRecorder job, IReadOnlyList<JobStep> steps, CancellationToken cancellationToken)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var index = i + 1; // task 0 is the prerequisite check
            job.StartTask(index);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await steps[i].RunAsync(new StepContext(runtime.Machine.Item, p => job.Progress(index, p), cancellationToken,
                    change => runtime.Queue.RunAsync(() =>
                    {
                        change(runtime.Machine);
                        return Task.CompletedTask;
                    })));
                job.EndTask(index, JobState.Succeeded);
            }
            catch (Exception e)
            {
                var error = ToError(e, cancellationToken);
                var state = error.Code == ErrorCatalog.JobCancelled.Code ? JobState.Cancelled : JobState.Failed;
                job.EndTask(index, state);
                return (state, error);
            }
        }
        return (JobState.Succeeded, null);
    }

    /// <summary>How a failure inside a job is reported: documented errors as they are, the rest named.</summary>
    internal static AsrError ToError(Exception e, CancellationToken cancellationToken) => e switch
    {
        AsrException asr => asr.Error,
        OperationCanceledException when cancellationToken.IsCancellationRequested => ErrorCatalog.JobCancelled.Create(""),
        NetworkUnreachableException net => ErrorCatalog.NoSiteConnection.Create(net.Message),
        _ => ErrorCatalog.InternalError.Create($"{e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Refuses reprotect input that leaves out what ASR asks for (RP-2, RP-3, RP-4, CM-2).</summary>
    internal static void Validate(ReprotectInput input)
    {
        switch (input)
        {
            case ReprotectToOnPremisesInput back:
                Require(!string.IsNullOrWhiteSpace(back.MasterTarget) && !string.IsNullOrWhiteSpace(back.ProcessServer),
                    ErrorCatalog.ReprotectServersMissing, "name both the on-premises master target and the process server");
                Require(!string.IsNullOrWhiteSpace(back.Datastore), ErrorCatalog.ReprotectDatastoreMissing, "no datastore was given");
                Require(!string.IsNullOrWhiteSpace(back.RetentionVolume), ErrorCatalog.RetentionVolumeNotEligible, "no retention volume was given");
                break;
            case ReprotectToAzureInput forward:
                Require(!string.IsNullOrWhiteSpace(forward.ProcessServer), ErrorCatalog.ProcessServerForAzureMissing, "no process server was given");
                break;
        }
    }

    private static void Require(bool condition, AsrErrorDefinition error, string detail)
    {
        if (!condition) throw new AsrException(error.Create(detail));
    }

    private ItemRuntime Runtime(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _items.TryGetValue(itemId, out var runtime)
            ? runtime
            : throw new ArgumentException(
                $"No protected item '{itemId}'; registered: {(_items.Count == 0 ? "none" : string.Join(", ", _items.Keys))}.", nameof(itemId));
    }

    // A failed job can be restarted until the next operation on its item starts (called inside the item's queue).
    private static IReadOnlyList<string> Restartable(ItemRuntime runtime, Job job, JobState state, OperationRecipe recipe)
    {
        if (state != JobState.Failed) return [];
        runtime.Restartable = (job.Id, recipe);
        return [JobNames.Restart];
    }

    // The next operation on an item takes Restart away from its last failed job.
    private void Retire(ItemRuntime runtime)
    {
        if (runtime.Restartable is { } last && _jobs.Find(last.JobId) is { } job)
            _jobs.Save(job with { AllowedActions = [] });
        runtime.Restartable = null;
    }

    private sealed record ItemRuntime(ProtectedItemMachine Machine, ItemQueue Queue)
    {
        /// <summary>The item's failed job that may be restarted, with the recipe that runs it again.</summary>
        public (string JobId, OperationRecipe Recipe)? Restartable { get; set; }
        /// <summary>A job's tasks are running (between its start and its end).</summary>
        public bool JobRunning { get; set; }
        /// <summary>The data plane reported initial replication done while the job that started it was running.</summary>
        public bool InitialReplicationReported { get; set; }
    }
}
