using System.Buffers;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Steps;
using Failback.Simulators.Disks;
using Failback.Simulators.VCenter.Inventory;
using AzureVm = Failback.Engine.Ports.Arm.Resources.VirtualMachine;
using AzurePowerState = Failback.Engine.Ports.Arm.Resources.PowerState;

namespace Failback.Scenarios.World;

/// <summary>What one failover of a machine cost, judged against the ground truth.</summary>
public sealed record FailoverRecord(
    int Step, string Machine, string Point, DateTimeOffset PointTime, int KeptWrites, int LostWrites, long LostBytes, TimeSpan Window,
    long EngineLostWrites, IReadOnlyList<string> Problems)
{
    public bool MatchesTruth => Problems.Count == 0;
}

/// <summary>
/// A machine of the site as its guest lives: it runs where it runs now (its on-premises VM, a physical
/// server, or its VM in Azure after a failover) and writes there, through the mobility agent while a
/// replication leg captures it. The drill's ground truth records every write; each failover is checked
/// against it (the recovered disks hold exactly the writes up to the recovery point) and starts a new epoch.
/// </summary>
public sealed class Machine
{
    private readonly DrillWorld _world;
    private GroundTruth _truth = new();
    private readonly List<FailoverRecord> _failovers = [];
    private readonly List<string> _problems = [];
    // Where the guest wrote when this epoch began, and how many of the epoch's writes it made before it first wrote
    // somewhere else: a recovery plan's later group can still be failing over while an earlier member already
    // writes where it was recovered, and those writes belong to the next epoch, not to the failover being judged.
    private string? _epochWhere;
    private int? _movedAfter;
    // The epoch a failover ended and what it judged, so a change of recovery point judges that failover again.
    private (GroundTruth Truth, List<TruthWrite> Writes, object? Leg, DateTimeOffset Started)? _beforeFailover;

    public Machine(DrillWorld world, string name, VirtualMachine? vm, PhysicalServer? physical)
    {
        _world = world;
        Name = name;
        Vm = vm;
        Physical = physical;
    }

    public string Name { get; }
    /// <summary>The site VM the machine started as (null for a physical server).</summary>
    public VirtualMachine? Vm { get; }
    public PhysicalServer? Physical { get; }
    /// <summary>The vault's id of the machine once added to the vault.</summary>
    public string? ItemId { get; internal set; }
    /// <summary>A physical server is on until the drill powers it off (the disaster).</summary>
    public bool PhysicalPoweredOn { get; set; } = true;
    public int DiskCount => Vm?.Disks.Count ?? Physical!.Disks.Count;
    /// <summary>Writes the guest made over the whole run.</summary>
    public int TotalWrites { get; private set; }
    public GroundTruth Truth => _truth;

    /// <summary>The ground truth's name for disk <paramref name="disk"/> of the machine.</summary>
    public static string DiskId(int disk) => $"disk-{disk}";

    /// <summary>The writes the guest made to <paramref name="disk"/> this epoch.</summary>
    public int WritesTo(int disk) => _truth.Writes.Count(w => w.DiskId == DiskId(disk));
    public IReadOnlyList<FailoverRecord> Failovers => _failovers;
    /// <summary>The machine's test failovers, judged by the test-failover step.</summary>
    public List<TestFailoverRecord> TestFailovers { get; } = [];
    /// <summary>Invariant violations found while the run went on (a failover that lost data before its point).</summary>
    public IReadOnlyList<string> Problems => _problems;
    /// <summary>The on-premises disks when the machine last failed over to Azure (kept only when an expectation reads them).</summary>
    public OnPremisesDisks? OnPremisesAtFailover { get; private set; }
    private VirtualMachine? _keptVm;

    /// <summary>Where the guest runs now: a description, whether it runs, and how to open disk N there.</summary>
    public sealed record Location(string Where, bool Running, Func<int, IBlockDevice>? Open);

    public Location Locate()
    {
        var vault = _world.Vault;
        if (ItemId is { } id && vault is not null && vault.Item(id).ActiveLocation == Site.Azure)
        {
            if (vault.AzureVm(id) is not { } vmId) return new("nowhere (no VM in Azure)", false, null);
            var azureVm = _world.Azure!.Cloud.Resources.OfType<AzureVm>().FirstOrDefault(v => v.Id == vmId);
            var running = azureVm?.PowerState == AzurePowerState.Running;
            return new($"Azure VM {vmId.Name}", running, running ? disk => _world.Azure.Cloud.OpenGuestDisk(vmId, disk == 0 ? null : disk - 1) : null);
        }
        if (OnPremisesVm() is { } vm)
            return vm.Removed ? new($"deleted VM {vm.Name}", false, null) : new($"VM {vm.Name}", vm.IsPoweredOn, disk => OpenChainHead(vm, disk));
        if (Physical is { } p)
            return new($"physical server {p.Name}", PhysicalPoweredOn, disk => DiskImage.Open(p.Disks[disk].Path, writable: true));
        return new("nowhere", false, null);
    }

    /// <summary>The on-premises VM the machine is now (the original, or one failback created), if any.</summary>
    public VirtualMachine? OnPremisesVm()
    {
        if (ItemId is { } id && _world.Vault?.OnPremisesVm(id) is { } moRef)
            return _world.FindVm(moRef, Name) ?? Vm;
        return Vm;
    }

    /// <summary>True when the machine runs at both sites at once (its Azure VM and an on-premises VM or server).</summary>
    public bool RunsTwice(out string detail)
    {
        detail = "";
        if (ItemId is not { } id || _world.Vault?.AzureVm(id) is not { } vmId) return false;
        var azureRunning = _world.Azure!.Cloud.Resources.OfType<AzureVm>().Any(v => v.Id == vmId && v.PowerState is AzurePowerState.Running or AzurePowerState.Starting);
        if (!azureRunning) return false;
        var onPrem = OnPremisesVm() is { Removed: false, IsPoweredOn: true } vm ? $"VM {vm.Name}" : Physical is not null && PhysicalPoweredOn ? $"physical server {Physical.Name}" : null;
        if (onPrem is null) return false;
        detail = $"{Name} runs in Azure ({vmId.Name}) and on-premises ({onPrem})";
        return true;
    }

    /// <summary>The guest writes <paramref name="payload"/>: where it runs, through the agent while a leg replicates it.</summary>
    public void Write(int disk, long offset, GuestPayload payload) => Write(disk, [(offset, payload)]);

    /// <summary>
    /// The guest writes <paramref name="writes"/> in order at one instant (a workload's tick): the machine is located and
    /// its disk opened once for all of them, not once per write (opening an image reads and saves its change tracking).
    /// </summary>
    internal void Write(int disk, IReadOnlyList<(long Offset, GuestPayload Payload)> writes)
    {
        var location = Locate();
        if (!location.Running) throw new StepFailure("NotRunning", $"{Name} does not run ({location.Where}); only a running guest writes.");
        _epochWhere ??= location.Where;
        if (_movedAfter is null && location.Where != _epochWhere) _movedAfter = _truth.Writes.Count;
        if (disk >= DiskCount) throw new StepFailure("DeviceNotFound", $"{Name} has {DiskCount} disk(s), numbered from 0; there is no disk {disk}.");
        var leg = ItemId is { } id ? _world.Vault?.GuestDisks(id) : null;
        // Without a leg the guest writes the disk itself, opened once for the writes; with one, only the truth's first read opens it.
        var device = leg is null ? location.Open!(disk) : null;
        try
        {
            if (!_truth.Records(DiskId(disk)))
                using (var reading = device is null ? location.Open!(disk) : null)
                    _truth.Begin(DiskId(disk), SparseContent.Read(device ?? reading!));
            foreach (var (offset, payload) in writes)
            {
                if (leg?[disk] is IWriteDataTarget captured)
                    // The agent keeps the payload as it is (a drawn block as its description).
                    captured.Write(offset, payload.ToWriteData());
                else
                    WriteBytes(device ?? leg![disk], offset, payload);
                _truth.Add(_world.Simulation.Clock.GetUtcNow(), DiskId(disk), offset, payload, leg);
                TotalWrites++;
            }
        }
        finally
        {
            device?.Dispose();
        }
    }

    private static void WriteBytes(IBlockDevice device, long offset, GuestPayload payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        try
        {
            device.Write(offset, payload.Bytes(buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public long Capacity(int disk) => Vm is { } vm ? vm.Disks[disk].CapacityBytes : Physical!.Disks[disk].Capacity;

    /// <summary>The replication leg capturing the guest now (compared by reference), to tell which writes a failover may lose.</summary>
    public object? CurrentLeg => ItemId is { } id ? _world.Vault?.GuestDisks(id) : null;

    /// <summary>
    /// After a failover to a point succeeded: the disks where the machine runs now must hold exactly the writes up
    /// to the point (every write through <paramref name="leg"/> the engine did not report lost, and every write
    /// before the leg), plus what the guest wrote there since it came up; writes after the point are lost. Then a
    /// new epoch starts from the recovered disks and the writes made since.
    /// </summary>
    public FailoverRecord FailedOver(int step, object? leg, DateTimeOffset started)
    {
        var location = Locate();
        var all = _truth.Writes;
        // The writes at the recovered machine are the epoch's last ones: the guest wrote nowhere else after it moved.
        var since = _movedAfter is { } moved && location.Where != _epochWhere ? all.Skip(moved).ToList() : [];
        var writes = all.Take(all.Count - since.Count).ToList();
        _beforeFailover = new(_truth, writes, leg, started);
        return Judge(step, _truth, writes, since, leg, started, location);
    }

    /// <summary>
    /// After a change of recovery point succeeded: the failover is judged again, from the epoch it ended, at the new point.
    /// The VM was made again from the point, so what the guest wrote since the failover is gone.
    /// </summary>
    internal FailoverRecord PointChanged(int step)
    {
        var (truth, writes, leg, started) = _beforeFailover
            ?? throw new StepFailure("NoFailover", $"{Name} has no failover whose recovery point could change.");
        return Judge(step, truth, writes, [], leg, started, Locate());
    }

    /// <summary>A commit succeeded: the point it kept, and whether the disks where the machine runs hold the ground truth at it.</summary>
    internal CommitRecord Committed(int step, string? point)
    {
        // The failover (or change of recovery point) that made the disks was judged at its point: the commit must keep that
        // point, and the disks must still hold that point's truth plus what the guest wrote since.
        var problems = new List<string>();
        if (_failovers.LastOrDefault() is { } judged)
        {
            if (judged.Point != point) problems.Add($"the disks were made from {judged.Point} but the commit kept {point ?? "no point"}");
            problems.AddRange(judged.Problems);
        }
        problems.AddRange(CompareWithTruth().Select(d => $"disk {d.Disk} {d.Problem}"));
        var record = new CommitRecord(step, Name, point, problems);
        Commits.Add(record);
        return record;
    }

    /// <summary>The machine's commits, in order.</summary>
    internal List<CommitRecord> Commits { get; } = [];

    private FailoverRecord Judge(int step, GroundTruth truth, List<TruthWrite> writes, List<TruthWrite> since, object? leg, DateTimeOffset started, Location location)
    {
        var vault = _world.Vault!;
        var accounting = vault.LastFailover(ItemId!)!;
        var point = accounting.Point;
        var viaLeg = leg is null ? [] : writes.Where(w => ReferenceEquals(w.ViaLeg, leg)).ToList();
        var engineLost = accounting.Lost.Writes;
        var problems = new List<string>();
        if (engineLost > viaLeg.Count)
            problems.Add($"the engine counts {engineLost} lost writes but only {viaLeg.Count} went through the replication");
        var keptViaLeg = (int)Math.Max(0, viaLeg.Count - engineLost);
        var kept = keptViaLeg > 0 ? viaLeg[keptViaLeg - 1].Number
            : viaLeg.Count > 0 ? viaLeg[0].Number - 1
            : writes.Count(w => w.Time < started);
        foreach (var w in writes.Take(kept).Where(w => w.Time > point.Time))
            problems.Add($"write #{w.Number} at {_world.Since(w.Time)} is after the point ({_world.Since(point.Time)}) yet kept");
        foreach (var w in writes.Skip(kept).Where(w => w.Time < point.Time))
            problems.Add($"write #{w.Number} at {_world.Since(w.Time)} is before the point ({_world.Since(point.Time)}) yet lost");
        if (_world.KeepsOnPremisesDisks(Name) && vault.Item(ItemId!).ActiveLocation == Site.Azure)
            OnPremisesAtFailover = KeepOnPremisesDisks(step, writes.Count);
        var next = new GroundTruth();
        var reread = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disk in Enumerable.Range(0, DiskCount).Where(d => truth.Records(DiskId(d))))
        {
            if (!location.Running)
            {
                problems.Add($"{Name} does not run after the failover ({location.Where})");
                break;
            }
            var id = DiskId(disk);
            var expected = truth.ContentAfter(id, kept);
            if (since.Any(w => w.DiskId == id))
            {
                expected = expected.Copy();
                foreach (var w in since.Where(w => w.DiskId == id)) expected.Write(w.Offset, w.Payload);
            }
            using var device = location.Open!(disk);
            if (expected.FirstDifference(device) is { } at)
            {
                problems.Add($"disk {disk} differs from the ground truth at the point at byte {at}");
                next.Begin(id, SparseContent.Read(device));
                reread.Add(id);
            }
            else
            {
                next.Begin(id, truth.ContentAfter(id, kept));
            }
        }
        // The next epoch replays the writes made since the machine came up (a disk read back holds them already).
        foreach (var w in since.Where(w => next.Records(w.DiskId) && !reread.Contains(w.DiskId)))
            next.Add(w.Time, w.DiskId, w.Offset, w.Payload, w.ViaLeg);
        var lost = writes.Skip(kept).ToList();
        var record = new FailoverRecord(step, Name, point.Id, point.Time, kept, lost.Count, lost.Sum(w => (long)w.Length),
            lost.Count > 0 ? lost[^1].Time - point.Time : TimeSpan.Zero, engineLost, problems);
        _failovers.Add(record);
        _problems.AddRange(problems.Select(p => $"data lost beyond the recovery point: {Name} failover of step {step} to {point.Id}: {p}"));
        _truth = next;
        _epochWhere = location.Where;
        _movedAfter = null;
        return record;
    }

    /// <summary>The on-premises disks now, each compared with every write the guest made there this epoch (<paramref name="writes"/> of them).</summary>
    private OnPremisesDisks KeepOnPremisesDisks(int step, int writes)
    {
        var disks = new Dictionary<int, SparseContent>();
        var problems = new List<string>();
        _keptVm = OnPremisesVm();
        var where = _keptVm is { } vm ? $"VM {vm.Name}" : $"physical server {Physical?.Name}";
        for (var disk = 0; disk < DiskCount; disk++)
        {
            using var device = OpenKeptOnPremises(disk);
            if (device is null) break;
            disks[disk] = SparseContent.Read(device);
            if (_truth.Records(DiskId(disk)) && _truth.ContentAfter(DiskId(disk), writes).FirstDifference(device) is { } at)
                problems.Add($"disk {disk} lacked a write its guest made on-premises (it differs at byte {at})");
        }
        return new OnPremisesDisks(step, where, disks, writes, problems);
    }

    /// <summary>
    /// Disk <paramref name="disk"/> of the on-premises VM (or physical server) the machine was when it last failed over to
    /// Azure, read-only; null when that VM was deleted. A failback to a new VM leaves it as it was.
    /// </summary>
    public IBlockDevice? OpenKeptOnPremises(int disk) =>
        _keptVm is { } vm ? vm.Removed ? null : DiskImage.Open(vm.Disks[disk].Datastore.LocalPath(vm.Disks[disk].Current), writable: false)
        : Physical is { } p ? DiskImage.Open(p.Disks[disk].Path, writable: false)
        : null;

    /// <summary>Where the disks where the machine runs differ from every write its guest made this epoch, or why they cannot be read.</summary>
    public IEnumerable<(int Disk, string Problem)> CompareWithTruth()
    {
        var location = Locate();
        foreach (var disk in RecordedDisks())
        {
            // A machine that runs nowhere (its Azure VM stopped, its VM deleted) cannot be judged.
            if (location.Open is null) continue;
            long? at;
            using (var device = location.Open(disk))
                at = _truth.FirstDifference(DiskId(disk), _truth.Writes.Count, device);
            if (at is not null)
                yield return (disk, $"differs from what its guest wrote at byte {at} ({location.Where})");
        }
    }

    /// <summary>The disks the truth records this epoch (those the guest wrote), in order.</summary>
    private IEnumerable<int> RecordedDisks() => Enumerable.Range(0, DiskCount).Where(d => _truth.Records(DiskId(d)));

    /// <summary>
    /// A VM disk as its guest sees it now: the head of the disk's current VMDK chain, so writes after a
    /// snapshot land in the snapshot's delta as they do on ESXi. Opened for one access and closed after it.
    /// </summary>
    private static IBlockDevice OpenChainHead(VirtualMachine vm, int index)
    {
        if (vm.Removed) throw new InvalidOperationException($"VM '{vm.Name}' no longer exists; its guest cannot read or write.");
        var disk = vm.Disks[index];
        return DiskImage.Open(disk.Datastore.LocalPath(disk.Current), writable: true);
    }
}
