using System.Text;
using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;
using Failback.Engine.Tests.Cycle;
using Failback.Engine.Tests.Orchestration;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Properties;

/// <summary>One step of a random sequence, read against the state it meets.</summary>
public abstract record CycleStep;
/// <summary>Runs one of allowedOperations (chosen by Choice); a failover goes to Latest (0), latest app-consistent (1) or a listed point.</summary>
public sealed record Operate(int Choice, int Point) : CycleStep;
/// <summary>Submits an operation that is not allowed now: it must be refused and change nothing.</summary>
public sealed record Refused(int Choice) : CycleStep;
public sealed record GuestWrite(int Sector, int Sectors, byte Fill) : CycleStep;
public sealed record Wait(int Minutes) : CycleStep;
/// <summary>The process server of the running direction crashes (host down, services stopped).</summary>
public sealed record ProcessServerDown : CycleStep;
public sealed record ProcessServerUp : CycleStep;

/// <summary>
/// Plays a step sequence on a <see cref="CycleWorld"/> and checks after every step: allowedOperations is the plain
/// table's; the state moved only along the table (the operation, then its job's end, then possibly the end of initial
/// replication); every job ended; a refused operation changed nothing; the VM never runs on both sites; every
/// failover recovered exactly the ground truth at its point, counted exactly the writes after it, and used a point of
/// the retention window. An unplanned failover to Azure follows a disaster: the driver powers the on-premises VM off first.
/// A broken invariant throws with the steps so far.
/// </summary>
public class CycleDriver(CycleWorld world)
{
    private const string DiskId = "disk-0";
    private readonly StringBuilder _log = new();
    private readonly HashSet<string> _downProcessServers = new(StringComparer.Ordinal);
    private GroundTruth? _truth;
    /// <summary>The truth of the leg the last failover recovered from (a change of recovery point is judged against it).</summary>
    private GroundTruth? _recoveredTruth;
    private IBlockDevice? _truthDisk, _legDisk;
    private IVSphereSession _session = null!;
    private string _id = "";
    private DateTimeOffset _newestPoint = DateTimeOffset.MinValue;

    protected CycleWorld World { get; } = world;

    /// <summary>Every state the item was in after a step, and the failovers checked against the truth (so a run shows what it covered).</summary>
    public HashSet<ProtectionState> Reached { get; } = [];
    public int FailoversChecked { get; private set; }
    /// <summary>Changes of recovery point whose disks were checked against the ground truth.</summary>
    public int PointChangesChecked { get; private set; }
    /// <summary>The steps played so far, each with the state before and after.</summary>
    public string Log => _log.ToString();

    public async Task RunAsync(IReadOnlyList<CycleStep> steps)
    {
        await World.SetUpAsync();
        _id = World.Vault.Items.Single().Id;
        _session = await World.VSphere.LoginAsync(CycleWorld.Vc1, CycleWorld.Admin, CycleWorld.Password);
        for (var i = 0; i < steps.Count; i++)
        {
            var before = World.Vault.Item(_id);
            _log.Append(i).Append(": ").Append(steps[i]).Append(" in ").Append(before.State);
            await StepAsync(steps[i], before);
            _log.Append(" -> ").Append(World.Vault.Item(_id).State).AppendLine();
            Reached.Add(World.Vault.Item(_id).State);
            await CheckAsync();
        }
        foreach (var job in World.Vault.Jobs)
            Require(job.State is JobState.Succeeded or JobState.Failed, $"job {job.Id} ({job.Operation}) never ended: {job.State}");
    }

    private async Task StepAsync(CycleStep step, ProtectedItem before)
    {
        var v = World.Vault;
        switch (step)
        {
            case Operate o when v.PermittedOperations(_id) is { Count: > 0 } allowed:
                // Disabling ends the cycle early: it is drawn one time in six, so sequences get far.
                var others = allowed.Where(op => op != AsrOperation.DisableProtection).ToArray();
                if (allowed.Contains(AsrOperation.DisableProtection) && (o.Choice % 6 == 0 || others.Length == 0 && o.Choice % 6 == 1))
                    await OperateAsync(AsrOperation.DisableProtection, o.Point, before);
                else if (others.Length > 0)
                    await OperateAsync(others[o.Choice / 6 % others.Length], o.Point, before);
                else
                {
                    _log.Append(" (only disable allowed: waits 5 minutes)");
                    await World.Sim.Clock.Delay(TimeSpan.FromMinutes(5));
                    RequireLegalWithoutOperation(before);
                }
                break;
            case Refused r when Enum.GetValues<AsrOperation>().Except(v.PermittedOperations(_id)).ToArray() is { Length: > 0 } refused:
                await RefusedAsync(refused[r.Choice % refused.Length], before);
                break;
            case GuestWrite g when _truthDisk is not null:
                var offset = g.Sector * 512L;
                var data = new byte[(int)Math.Min(g.Sectors * 512L, CycleWorld.DiskSize - offset)];
                for (var i = 0; i < data.Length; i++) data[i] = (byte)(g.Fill + i / 512);
                _truthDisk.Write(offset, data);
                break;
            case Wait w:
                await World.Sim.Clock.Delay(TimeSpan.FromMinutes(w.Minutes));
                RequireLegalWithoutOperation(before);
                break;
            case ProcessServerDown:
                var ps = before.Direction == ReplicationDirection.AzureToOnPremises ? "ps-azure" : "ps-onprem";
                if (_downProcessServers.Add(ps)) await SetProcessServerAsync(ps, up: false);
                break;
            case ProcessServerUp:
                foreach (var down in _downProcessServers) await SetProcessServerAsync(down, up: true);
                _downProcessServers.Clear();
                break;
            default:
                _log.Append(" (nothing to do)");
                break;
        }
    }

    private async Task SetProcessServerAsync(string name, bool up)
    {
        var ps = World.Vault.ProcessServers.Single(p => p.Name == name);
        if (name == "ps-onprem") World.Azure.Network.SetHostUp(name, up);
        else await World.Azure.ActionAsync(ArmTypes.VirtualMachine(World.Sub, "asr-recovery", name), up ? "start" : "powerOff", World.Sim.Clock);
        if (up) ps.StartServices(); else ps.StopServices();
        if (!up) ProcessServerCrashed(name);
    }

    /// <summary>Called when a process server crashes (a planted faulty variant loses what it held).</summary>
    protected virtual void ProcessServerCrashed(string name)
    {
    }

    private async Task OperateAsync(AsrOperation operation, int pointChoice, ProtectedItem before)
    {
        var v = World.Vault;
        var jobs = v.Jobs.Count;
        // A change of recovery point chooses its point as a failover does, from the window the failover left.
        var failover = operation is AsrOperation.UnplannedFailover or AsrOperation.ChangePit ? FailoverInput(pointChoice) : null;
        if (operation == AsrOperation.UnplannedFailover && before.ActiveLocation == Site.OnPremises) await DisasterAsync();
        var leg = operation == AsrOperation.ChangePit ? _recoveredTruth : _truth;
        var job = await SubmitAsync(operation, before, failover);
        _log.Append($" [{operation}{(failover is null ? "" : " " + failover.RecoveryPointType + failover.RecoveryPointId)}: {job.State}{(job.Errors.Count > 0 ? " " + job.Errors[0] : "")}]");
        Require(job.State is JobState.Succeeded or JobState.Failed, $"{operation} returned job {job.Id} still {job.State}");
        Require(v.Job(job.Id)?.State == job.State, $"job {job.Id} is {job.State} but the configuration server stores {v.Job(job.Id)?.State}");
        Require(v.Jobs.Count == jobs + 1, $"{operation} made {v.Jobs.Count - jobs} jobs");
        // A failed prerequisite check fails the job before anything changed (the item keeps its state).
        if (job.State == JobState.Failed && job.Tasks is [{ State: JobState.Failed }, ..] /* task 0: the prerequisites check */)
            Require(v.Item(_id).State == before.State, $"{operation} failed its prerequisite check but moved the item from {before.State} to {v.Item(_id).State}");
        else
            RequireLegal(before, Enum.Parse<ItemTrigger>(operation.ToString()), job.State == JobState.Succeeded);
        if (failover is not null && job.State == JobState.Succeeded)
        {
            _recoveredTruth = leg;
            if (operation == AsrOperation.ChangePit) PointChangesChecked++;
            await CheckRecoveredAsync(leg!, before, operation == AsrOperation.ChangePit || before.ActiveLocation == Site.OnPremises ? Site.Azure : Site.OnPremises);
        }
    }

    /// <summary>Submits <paramref name="operation"/> with the inputs this world has (the process servers, mt-01 and ds1 for failback).</summary>
    protected virtual Task<Job> SubmitAsync(AsrOperation operation, ProtectedItem item, UnplannedFailoverInput? failover)
    {
        var v = World.Vault;
        return operation switch
        {
            AsrOperation.EnableProtection => v.EnableProtectionAsync(_id, new EnableProtectionInput("ps-onprem")),
            AsrOperation.ReverseReplicate => v.ReprotectAsync(_id, item.ActiveLocation == Site.Azure ? WholeCycleTests.Back : new ReprotectToAzureInput("ps-onprem")),
            AsrOperation.UnplannedFailover => v.UnplannedFailoverAsync(_id, failover ?? UnplannedFailoverInput.Latest),
            AsrOperation.Commit => v.CommitAsync(_id),
            AsrOperation.DisableProtection => v.DisableProtectionAsync(_id),
            AsrOperation.TestFailover => v.TestFailoverAsync(_id, new TestFailoverInput()),
            AsrOperation.TestFailoverCleanup => v.TestFailoverCleanupAsync(_id, new TestFailoverCleanupInput("cycle property")),
            AsrOperation.ChangePit => v.ChangeRecoveryPointAsync(_id, failover is null ? new ApplyRecoveryPointInput(RecoveryPointType.LatestTime)
                : new ApplyRecoveryPointInput(failover.RecoveryPointType, failover.RecoveryPointId)),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an ASR operation"),
        };
    }

    private UnplannedFailoverInput FailoverInput(int choice)
    {
        var points = World.Vault.RecoveryPoints(_id);
        return choice switch
        {
            0 => UnplannedFailoverInput.Latest,
            1 => UnplannedFailoverInput.LatestAppConsistent,
            _ when points.Count > 0 => UnplannedFailoverInput.At(points[choice % points.Count].Id),
            _ => UnplannedFailoverInput.Latest,
        };
    }

    /// <summary>The on-premises site goes down before an unplanned failover to Azure (otherwise the VM would run twice by design).</summary>
    private async Task DisasterAsync()
    {
        if (World.Vault.OnPremisesVm(_id) is not { } moRef) return;
        var vm = await _session.GetVirtualMachineAsync(moRef);
        if (vm.PowerState == VirtualMachinePowerState.PoweredOn)
            World.VSphere.SetPowerState(World.App, VirtualMachinePowerState.PoweredOff); // failback goes to the original VM here
    }

    private async Task RefusedAsync(AsrOperation operation, ProtectedItem before)
    {
        var jobs = World.Vault.Jobs.Count;
        try
        {
            var job = await SubmitAsync(operation, before, null);
            throw new InvariantBroken($"{operation} is not allowed in {before.State} but ran as job {job.Id} ({job.State})\n{_log}");
        }
        catch (AsrException e)
        {
            _log.Append($" [{operation} refused: {e.Error.Code}]");
        }
        Require(World.Vault.Item(_id) == before, $"the refused {operation} changed the item: {before} became {World.Vault.Item(_id)}");
        Require(World.Vault.Jobs.Count == jobs, $"the refused {operation} left a job");
    }

    private async Task CheckRecoveredAsync(GroundTruth truth, ProtectedItem before, Site site)
    {
        var v = World.Vault;
        var failover = v.LastFailover(_id) ?? throw new InvariantBroken($"a failover succeeded but the vault has no accounting\n{_log}");
        var point = failover.Point;
        var retention = before.Policy.RecoveryPointRetention;
        Require(point.Time >= _newestPoint - retention,
            $"the failover used {point.Id} of {point.Time:u}, outside the {retention.TotalHours} h retention window (newest point {_newestPoint:u})");
        using (var disk = await RecoveredDiskAsync(site))
        {
            var difference = truth.FirstDifference(DiskId, point.Sequence, disk);
            Require(difference is null, $"the recovered disk differs from the ground truth at {point.Id} (sequence {point.Sequence}) at byte {difference}");
        }
        FailoversChecked++;
        var lost = truth.Writes.Skip((int)point.Sequence).ToList();
        Require(failover.Lost.Writes == lost.Count && failover.Lost.Bytes == lost.Sum(w => (long)w.Length),
            $"the failover to {point.Id} reports {failover.Lost.Writes} writes ({failover.Lost.Bytes} bytes) lost; the truth says {lost.Count} ({lost.Sum(w => (long)w.Length)} bytes)");
    }

    private async Task<IBlockDevice> RecoveredDiskAsync(Site site)
    {
        var v = World.Vault;
        if (site == Site.Azure) return World.Azure.OpenGuestDisk(v.AzureVm(_id)!, null);
        var vm = await _session.GetVirtualMachineAsync(v.OnPremisesVm(_id)!.Value);
        return await _session.OpenGuestDiskAsync(vm.MoRef, vm.Disks[0].Key);
    }

    private async Task CheckAsync()
    {
        var v = World.Vault;
        var item = v.Item(_id);
        var model = Model(item);
        Require(v.PermittedOperations(_id).Order().SequenceEqual(model.Allowed.Order()),
            $"allowedOperations in {item.State} are [{string.Join(", ", v.PermittedOperations(_id))}], the table says [{string.Join(", ", model.Allowed)}]");

        // Never two running copies of the VM.
        var onPremises = v.OnPremisesVm(_id) is { } moRef && (await _session.GetVirtualMachineAsync(moRef)).PowerState == VirtualMachinePowerState.PoweredOn;
        var inAzure = v.AzureVm(_id) is { } azureVm && (await World.Azure.GetAsync<VirtualMachine>(azureVm, World.Sim.Clock)).PowerState is PowerState.Running or PowerState.Starting;
        Require(!(onPremises && inAzure), $"the VM runs on-premises and in Azure at once ({item.State})");

        // The recovery points offered lie in the retention window.
        var points = v.RecoveryPoints(_id);
        if (points.Count > 0)
        {
            _newestPoint = points[^1].Time;
            var oldest = points[0];
            Require(oldest.Time >= _newestPoint - item.Policy.RecoveryPointRetention,
                $"{oldest.Id} of {oldest.Time:u} is offered but lies outside the retention window ending at {_newestPoint:u}");
        }

        // A new replication leg: the ground truth starts recording its guest disk before any write.
        var legDisk = v.GuestDisks(_id)?[0];
        if (!ReferenceEquals(legDisk, _legDisk))
        {
            _legDisk = legDisk;
            _truth = legDisk is null ? null : new GroundTruth(World.Sim.Clock);
            _truthDisk = legDisk is null ? null : _truth!.Record(DiskId, legDisk);
        }
    }

    private static ItemModel Model(ProtectedItem item) => new(item.State, item.ActiveLocation, item.Direction, item.FailbackSupported, item.TestFailoverState);

    /// <summary>The operation's trigger, then its job's end, then possibly the end of initial replication.</summary>
    private void RequireLegal(ProtectedItem before, ItemTrigger trigger, bool succeeded)
    {
        var model = Model(before);
        var started = model.Apply(trigger);
        Require(started != model, $"{trigger} was allowed in {before.State}/{before.TestFailoverState} but the table has no such transition");
        var ended = started.Apply(succeeded ? ItemTrigger.JobSucceeded : ItemTrigger.JobFailed);
        var item = World.Vault.Item(_id);
        var after = item.State;
        Require((after == ended.State || after == ended.Next(ItemTrigger.InitialReplicationCompleted)) && item.TestFailoverState == ended.Test,
            $"{before.State}/{before.TestFailoverState} --{trigger}, job {(succeeded ? "succeeded" : "failed")}--> {after}/{item.TestFailoverState}: the table allows {ended}");
    }

    private void RequireLegalWithoutOperation(ProtectedItem before)
    {
        var after = World.Vault.Item(_id).State;
        Require(after == before.State || after == Model(before).Next(ItemTrigger.InitialReplicationCompleted),
            $"{before.State} became {after} without an operation");
    }

    private void Require(bool holds, string broken)
    {
        if (!holds) throw new InvariantBroken($"{broken}\nsteps:\n{_log}");
    }
}

public sealed class InvariantBroken(string message) : Exception(message);
