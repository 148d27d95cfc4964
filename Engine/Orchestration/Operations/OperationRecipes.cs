using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.VSphere;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// Each operation as ASR runs it: prerequisite checks, then ordered tasks that call the data plane and
/// the sites' machines. Task names are <see cref="JobNames"/>'s, in ASR's pattern.
/// </summary>
internal sealed class OperationRecipes(IReplicationService replication, ISiteDiscovery discovery, ISiteMachines machines)
{
    private static readonly Task<IReadOnlyList<AsrError>> NoErrors = Task.FromResult<IReadOnlyList<AsrError>>([]);

    public OperationRecipe EnableProtection(EnableProtectionInput input) => new(
        AsrOperation.EnableProtection,
        m => m.Refusal(AsrOperation.EnableProtection),
        async (item, ct) => ForwardPrerequisites.Check(ForwardPrerequisites.Enable, item, input.ProcessServer, await discovery.DescribeForwardAsync(item, input.ProcessServer, ct)),
        m => m.EnableProtectionAsync(input),
        _ =>
        [
            new(JobNames.EnableReplication, c => replication.EnableReplicationAsync(
                new(c.Item.Id, ReplicationDirection.OnPremisesToAzure, input.ProcessServer, c.Item.Policy), c, c.CancellationToken)),
        ]);

    public OperationRecipe Reprotect(ReprotectInput input) => input switch
    {
        ReprotectToOnPremisesInput back => ReprotectToOnPremises(back),
        ReprotectToAzureInput forward => ReprotectToAzure(forward),
        _ => throw new ArgumentException($"Unknown reprotect input {input.GetType().Name}.", nameof(input)),
    };

    private OperationRecipe ReprotectToOnPremises(ReprotectToOnPremisesInput input) => new(
        AsrOperation.ReverseReplicate,
        m => m.ReprotectRefusal(input),
        async (item, ct) => FailbackPrerequisites.Check(item, input, await discovery.DescribeFailbackAsync(item, input, ct)),
        m => m.ReverseReplicateAsync(input),
        _ =>
        [
            new(JobNames.PrepareOnPremisesVm, c => machines.PrepareOnPremisesTargetAsync(c.Item, input, c.CancellationToken)),
            new(JobNames.EnableReverseReplication, c => replication.EnableReplicationAsync(
                new(c.Item.Id, ReplicationDirection.AzureToOnPremises, input.ProcessServer, ReplicationPolicy.FailbackFor(c.Item.Policy),
                    input.MasterTarget, input.Datastore, input.RetentionVolume), c, c.CancellationToken)),
        ]);

    private OperationRecipe ReprotectToAzure(ReprotectToAzureInput input) => new(
        AsrOperation.ReverseReplicate,
        m => m.ReprotectRefusal(input),
        async (item, ct) => ForwardPrerequisites.Check(ForwardPrerequisites.ReprotectToAzure, item, input.ProcessServer, await discovery.DescribeForwardAsync(item, input.ProcessServer, ct)),
        m => m.ReverseReplicateAsync(input),
        _ =>
        [
            new(JobNames.EnableReplication, c => replication.EnableReplicationAsync(
                new(c.Item.Id, ReplicationDirection.OnPremisesToAzure, input.ProcessServer, c.Item.Policy), c, c.CancellationToken)),
        ]);

    public OperationRecipe UnplannedFailover(UnplannedFailoverInput input)
    {
        RecoveryPoint? point = null; // resolved by the prerequisite check (Latest: the synchronization's), used by the transition and the tasks
        var sourceShutDown = false;
        // Latest fails over to the point its synchronization makes; until then, and when none can be made, to the latest processed.
        var listed = input.RecoveryPointType == RecoveryPointType.Latest ? RecoveryPointType.LatestTime : input.RecoveryPointType;
        return new(
            AsrOperation.UnplannedFailover,
            m => m.Refusal(AsrOperation.UnplannedFailover),
            async (item, ct) =>
            {
                if (item.ActiveLocation == Site.Azure && await FailbackPrerequisites.CheckFailoverBackAsync(item, discovery, ct) is { Count: > 0 } errors)
                    return errors;
                point = await replication.FindRecoveryPointAsync(item.Id, listed, input.RecoveryPointId, ct);
                return point is null
                    ? [ErrorCatalog.RecoveryPointNotFound.Create($"'{item.Name}' has no {Describe(input)}")]
                    : [];
            },
            m => m.UnplannedFailoverAsync(point!),
            item =>
            [
                // Failing back shuts the Azure VM down first (FO-3); failing over to Azure shuts the on-premises machine down only
                // when asked (sourceSiteOperations Required), and, as ASR documents, goes on when it cannot.
                // The Azure VM's agent goes down with its VM, so failing back to Latest synchronizes from the process server.
                .. item.ActiveLocation == Site.Azure
                    ? [new JobStep(JobNames.ShutDownVm, c => machines.ShutDownAsync(c.Item, Site.Azure, c.CancellationToken))]
                    : input.ShutDownSource
                        ? [new JobStep(JobNames.ShutDownVm, async c => sourceShutDown = await TryShutDownOnPremisesAsync(c))]
                        : Array.Empty<JobStep>(),
                .. input.RecoveryPointType == RecoveryPointType.Latest
                    ? [new JobStep(JobNames.SynchronizeLatestChanges, async c =>
                    {
                        if (await replication.SynchronizeLatestChangesAsync(c.Item.Id, sourceShutDown, c.CancellationToken) is not { } synced) return;
                        point = synced;
                        await c.OnMachineAsync(m => m.RecordFailoverPoint(synced));
                    })]
                    : Array.Empty<JobStep>(),
                new(JobNames.RecoverDisks, c => replication.RecoverAsync(c.Item.Id, point!, Target(item), c, c.CancellationToken)),
                new(JobNames.StartReplicaVm, c => machines.StartAsync(c.Item, Target(item), c.CancellationToken)),
            ]);
    }

    /// <summary>
    /// "Shut down machine before beginning failover": whether the on-premises machine is off. A failure does not fail the job:
    /// ASR documents that the failover continues when the shut-down fails (it does not document how the task shows it).
    /// </summary>
    private async Task<bool> TryShutDownOnPremisesAsync(StepContext step)
    {
        try
        {
            await machines.ShutDownAsync(step.Item, Site.OnPremises, step.CancellationToken);
            return true;
        }
        catch (Exception e) when (e is VSphereFault or NetworkUnreachableException or AsrException)
        {
            return false; // the site is down or vCenter refuses: the disaster this failover is for
        }
    }

    /// <summary>
    /// Change recovery point (ASR's applyRecoveryPoint) after a failover to Azure, before its commit: the VM is shut down and
    /// deleted, its disks are made again from the chosen point of the window the replica keeps, and the VM is created on them.
    /// What the VM wrote since the failover goes with its old disks, as in ASR, where the VM is recreated from the point.
    /// </summary>
    public OperationRecipe ChangeRecoveryPoint(ApplyRecoveryPointInput input)
    {
        RecoveryPoint? point = null; // resolved by the prerequisite check, used by the transition and the tasks
        return new(
            AsrOperation.ChangePit,
            m => m.Refusal(AsrOperation.ChangePit),
            async (item, ct) =>
            {
                point = await replication.FindRetainedRecoveryPointAsync(item.Id, input.RecoveryPointType, input.RecoveryPointId, ct);
                return point is null
                    ? [ErrorCatalog.RecoveryPointNotFound.Create($"'{item.Name}' keeps no {Describe(new UnplannedFailoverInput(input.RecoveryPointType, input.RecoveryPointId))} in its retention window")]
                    : [];
            },
            m => m.ChangePitAsync(point!),
            _ =>
            [
                new(JobNames.ShutDownVm, c => machines.ShutDownAsync(c.Item, Site.Azure, c.CancellationToken)),
                new(JobNames.DeleteAzureVm, c => machines.DeleteAzureVmAsync(c.Item, c.CancellationToken)),
                new(JobNames.RecoverDisks, c => replication.ApplyRecoveryPointAsync(c.Item.Id, point!, c, c.CancellationToken)),
                new(JobNames.StartReplicaVm, c => machines.StartAsync(c.Item, Site.Azure, c.CancellationToken)),
            ]);
    }

    public OperationRecipe Commit() => new(
        AsrOperation.Commit,
        m => m.Refusal(AsrOperation.Commit),
        (_, _) => NoErrors,
        m => m.CommitAsync(),
        item =>
        [
            // After failback, commit removes the recovered VM from Azure (CM-1).
            .. item.ActiveLocation == Site.OnPremises
                ? [new JobStep(JobNames.DeleteAzureVm, c => machines.DeleteAzureVmAsync(c.Item, c.CancellationToken))]
                : Array.Empty<JobStep>(),
            new(JobNames.CommitFailover, c => replication.CommitAsync(c.Item.Id, c.CancellationToken)),
        ]);

    public OperationRecipe DisableProtection() => new(
        AsrOperation.DisableProtection,
        m => m.Refusal(AsrOperation.DisableProtection),
        (_, _) => NoErrors,
        m => m.DisableProtectionAsync(),
        _ => [new(JobNames.DisableReplication, c => replication.DisableReplicationAsync(c.Item.Id, c.CancellationToken))]);

    /// <summary>
    /// Test failover (to Azure, where ASR offers it for VMware machines): the test disks at the chosen point, a network
    /// interface on the test network, the test VM started; the item stays Protected and keeps replicating.
    /// </summary>
    public OperationRecipe TestFailover(TestFailoverInput input)
    {
        RecoveryPoint? point = null; // resolved by the prerequisite check, used by the transition and the tasks
        return new(
            AsrOperation.TestFailover,
            m => m.Refusal(AsrOperation.TestFailover),
            async (item, ct) =>
            {
                point = await replication.FindRecoveryPointAsync(item.Id, input.RecoveryPointType, input.RecoveryPointId, ct);
                return point is null
                    ? [ErrorCatalog.RecoveryPointNotFound.Create($"'{item.Name}' has no {Describe(new UnplannedFailoverInput(input.RecoveryPointType, input.RecoveryPointId))}")]
                    : [];
            },
            m => m.TestFailoverAsync(point!),
            _ =>
            [
                new(JobNames.CreateTestVm, c => replication.CreateTestDisksAsync(c.Item.Id, point!, c, c.CancellationToken)),
                new(JobNames.PreparingVm, c => machines.PrepareTestVmAsync(c.Item, input.NetworkId, c.CancellationToken)),
                new(JobNames.StartVm, c => machines.StartTestVmAsync(c.Item, c.CancellationToken)),
            ]);
    }

    /// <summary>Test failover cleanup: deletes what the test failover made and records the drill's notes in the job.</summary>
    public OperationRecipe TestFailoverCleanup(TestFailoverCleanupInput input) => new(
        AsrOperation.TestFailoverCleanup,
        m => m.Refusal(AsrOperation.TestFailoverCleanup),
        (_, _) => NoErrors,
        m => m.TestFailoverCleanupAsync(),
        _ => [new(JobNames.DeleteTestVm, c => machines.DeleteTestVmAsync(c.Item, c.CancellationToken))])
    {
        Comments = input.Comments,
    };

    private static Site Target(ProtectedItem item) => item.ActiveLocation == Site.Azure ? Site.OnPremises : Site.Azure;

    private static string Describe(UnplannedFailoverInput input) => input.RecoveryPointType switch
    {
        RecoveryPointType.LatestTime or RecoveryPointType.Latest => "recovery point yet",
        RecoveryPointType.LatestTag => "app-consistent recovery point yet",
        _ => $"recovery point '{input.RecoveryPointId}'",
    };
}
