using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Replication;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;
using FailoverPoint = Failback.Engine.Orchestration.Operations.RecoveryPointType;

namespace Failback.Engine.Vault;

/// <summary>
/// The data plane behind the orchestrator: each enable or reprotect starts a leg (mobility agent on the
/// source disks, process server, target disks with their journal, the pair between them); failover
/// stops it and makes the Azure VM's disks from the chosen point (the replica and its points stay until the
/// commit, so the point can change), or, failing back, rolls the on-premises disks back to the point in place. When a leg's initial replication
/// ends it raises <see cref="InitialReplicationCompleted"/> (the orchestrator queues it on the item).
/// </summary>
internal sealed class ReplicationLegs(VaultRegistry registry, VaultConfiguration configuration, ArmClient arm, IBlobStorage blobs,
    INetwork network, IPhysicalServerDiscovery? physicalServers, VaultSettings settings) : IReplicationService
{
    private TimeProvider Time => arm.Time;

    private int _legs;
    private int _replicaGenerations;

    public async Task EnableReplicationAsync(ReplicationRequest request, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var item = registry.Item(request.ItemId);
        var ps = registry.FindProcessServer(request.ProcessServer) ?? throw new AsrException((request.Direction == ReplicationDirection.OnPremisesToAzure
            ? ErrorCatalog.ProcessServerForAzureMissing : ErrorCatalog.ProcessServerInAzureMissing).Create($"process server '{request.ProcessServer}' is not registered"));
        var policy = configuration.RecordProtection(item, request.Policy, request.Direction);
        var owned = new List<IDisposable>();
        try
        {
            var agentHost = request.Direction == ReplicationDirection.OnPremisesToAzure ? item.OnPremisesAddress : await AzureVmAddressAsync(item, cancellationToken);
            var sources = request.Direction == ReplicationDirection.OnPremisesToAzure
                ? await OpenOnPremisesSourcesAsync(item, cancellationToken)
                : OpenAzureSources(item);
            owned.AddRange(sources);
            progress.Report(30);
            var (targetHost, targets) = request.Direction == ReplicationDirection.OnPremisesToAzure
                ? await OpenAzureTargetsAsync(item, cancellationToken)
                : await OpenOnPremisesTargetsAsync(item, request.MasterTarget!, cancellationToken);
            owned.AddRange(targets.Select(t => t.Disk));
            progress.Report(60);

            var number = ++_legs;
            var journalPath = Path.Combine(settings.JournalDirectory, $"{item.Id}-leg{number}");
            var journal = RetentionJournal.Open(journalPath);
            var target = new ReplicationTarget(targetHost, journal);
            var agent = new MobilityAgent(item.Id, agentHost, Time);
            var guestDisks = new List<IBlockDevice>();
            for (var i = 0; i < item.Disks.Count; i++)
            {
                guestDisks.Add(agent.Attach(item.Disks[i].DiskId, sources[i]));
                target.AddDisk(item.Disks[i].DiskId, targets[i].Disk, targets[i].HoldsData);
            }
            var pair = new ReplicationPair($"pair-{number}", agent, ps, target, policy, network, Time);
            if (item.Leg is { } previous)
            {
                item.BytesSentByEndedLegs += previous.Pair.BytesSent;
                previous.Dispose();
            }
            item.Leg = new ReplicationLeg(request.Direction, agent, guestDisks, pair, journal, owned);
            item.Leg.Record = new ReplicationPairRecord(pair.Id, item.ConfigurationItemId!, request.Direction.ToString(), ps.Id ?? ps.Name,
                request.MasterTarget is null ? null : registry.FindMasterTarget(request.MasterTarget)?.Server.Id, journalPath, "InitialReplication", 0, Time.GetUtcNow());
            configuration.SavePair(item.Leg.Record);
            var leg = item.Leg;
            leg.MasterTarget = request.MasterTarget;
            _ = ReportInitialReplicationAsync(item, leg);
            progress.Report(100);
        }
        catch
        {
            foreach (var d in owned) d.Dispose();
            throw;
        }
    }

    /// <summary>Raised with the item's id when its running leg's initial replication ends (full copy or delta resync).</summary>
    public event Action<string>? InitialReplicationCompleted;

    private async Task ReportInitialReplicationAsync(VaultItem item, ReplicationLeg leg)
    {
        await leg.InitialReplicationDone;
        if (!leg.Stopped && ReferenceEquals(item.Leg, leg)) InitialReplicationCompleted?.Invoke(item.Id);
    }

    public Task<RecoveryPoint?> FindRecoveryPointAsync(string itemId, FailoverPoint type, string? recoveryPointId, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        // A failover that failed after its disks were recovered is retried at the point it recovered them to.
        if (item.Leg is null or { Recovered: true } && item.LastFailover is { Point: var recovered })
            return Task.FromResult(type != FailoverPoint.Custom || recovered.Id == recoveryPointId ? recovered : null);
        var points = item.Leg?.Journal.Points ?? [];
        return Task.FromResult(type switch
        {
            FailoverPoint.LatestTime => points.LastOrDefault(),
            FailoverPoint.LatestTag => points.LastOrDefault(p => p.AppConsistent),
            _ => points.FirstOrDefault(p => p.Id == recoveryPointId),
        });
    }

    public async Task<RecoveryPoint?> SynchronizeLatestChangesAsync(string itemId, bool fromSource, CancellationToken cancellationToken) =>
        registry.Item(itemId).Leg is { Stopped: false } leg ? await leg.Pair.SynchronizeAsync(fromSource, cancellationToken) : null;

    public Task<IReadOnlyDictionary<string, RecoveryPoint>?> FindCommonRecoveryPointAsync(IReadOnlyList<string> itemIds, FailoverPoint type, CancellationToken cancellationToken) =>
        Task.FromResult(ReplicationGroupRules.CommonPoint(
            itemIds.ToDictionary(id => id, id => (IReadOnlyList<RecoveryPoint>)(registry.Item(id).Leg?.Journal.Points ?? []), StringComparer.Ordinal), type));

    public async Task RecoverAsync(string itemId, RecoveryPoint point, Site target, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        if (item.Leg is null or { Recovered: true } && item.LastFailover is { } done && done.Point.Id == point.Id && done.Target == target)
        {
            progress.Report(100); // a retry: the disks are at that point already
            return;
        }
        var leg = item.Leg ?? throw new InvalidOperationException($"'{item.Name}' is not replicating, so there is nothing to recover.");
        var chosen = leg.Journal.Points.FirstOrDefault(p => p.Id == point.Id)
            ?? throw new AsrException(ErrorCatalog.RecoveryPointNotFound.Create($"recovery point '{point.Id}' of '{item.Name}' is no longer in the retention window"));
        await leg.StopAsync();
        progress.Report(20);
        if (target == Site.Azure)
        {
            // As ASR, the VM's disks are made from the point; the replica and its points stay until the commit, so the
            // point can still change (ChangePit).
            await RecoverIntoNewDisksAsync(item, leg, chosen, progress, cancellationToken);
            leg.Recovered = true;
            return;
        }
        // Failback: the master target rolls the VM's own disks back in place and hands them over.
        leg.Restore(chosen);
        item.LastFailover = new FailoverAccounting(item.Id, target, chosen, leg.Agent.Ledger.LossAfter(chosen.Sequence));
        leg.Recovered = true;
        leg.Dispose(); // closes the disks: the recovered machine owns them now
        progress.Report(80);
        await DetachFromMasterTargetAsync(item, leg, cancellationToken);
        progress.Report(100);
    }

    public Task<RecoveryPoint?> FindRetainedRecoveryPointAsync(string itemId, FailoverPoint type, string? recoveryPointId, CancellationToken cancellationToken)
    {
        var points = registry.Item(itemId).Leg is { Recovered: true, Closed: false } leg ? leg.Journal.Points : [];
        return Task.FromResult(type switch
        {
            FailoverPoint.LatestTime => points.LastOrDefault(),
            FailoverPoint.LatestTag => points.LastOrDefault(p => p.AppConsistent),
            _ => points.FirstOrDefault(p => p.Id == recoveryPointId),
        });
    }

    public async Task ApplyRecoveryPointAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        var leg = item.Leg is { Recovered: true, Closed: false } kept ? kept
            : throw new InvalidOperationException($"'{item.Name}' keeps no recovery points to change to.");
        var chosen = leg.Journal.Points.FirstOrDefault(p => p.Id == point.Id)
            ?? throw new AsrException(ErrorCatalog.RecoveryPointNotFound.Create($"recovery point '{point.Id}' of '{item.Name}' is no longer in the retention window"));
        // The VM is gone (an earlier task deleted it): its disks, and what it wrote since the failover, go with it.
        foreach (var disk in item.Disks)
        {
            if (disk.RecoveredDisk is { } old) await arm.DeleteAsync(old, cancellationToken);
            disk.RecoveredDisk = null;
        }
        progress.Report(20);
        await RecoverIntoNewDisksAsync(item, leg, chosen, progress, cancellationToken);
    }

    /// <summary>The Azure VM's disks made from <paramref name="point"/> of the stopped leg's journal, the replica left as it is.</summary>
    private async Task RecoverIntoNewDisksAsync(VaultItem item, ReplicationLeg leg, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken)
    {
        // The guest as it travelled with the replica (the OS disk carries it).
        var guest = (await arm.GetAsync<ManagedDisk>(item.Disks[0].AzureDisk!, cancellationToken)).Guest ?? item.Guest;
        for (var i = 0; i < item.Disks.Count; i++)
        {
            var disk = item.Disks[i];
            var id = ArmTypes.Disk(settings.SubscriptionId, settings.ResourceGroup, $"{item.Name}-{disk.DiskId}-{point.Id}");
            await RestoreIntoNewDiskAsync(item, leg, disk, id, point.Id, i == 0 ? guest : null, created => disk.RecoveredDisk = created, cancellationToken);
            progress.Report(20 + ((i + 1) * 80 / item.Disks.Count));
        }
        item.LastFailover = new FailoverAccounting(item.Id, Site.Azure, point, leg.Agent.Ledger.LossAfter(point.Sequence));
    }

    /// <summary>
    /// A new managed disk <paramref name="id"/> holding <paramref name="disk"/>'s replica as it was at point <paramref name="pointId"/>
    /// (<paramref name="created"/> learns of it as soon as it exists, so a later failure still cleans it up).
    /// </summary>
    private async Task RestoreIntoNewDiskAsync(VaultItem item, ReplicationLeg leg, ItemDisk disk, ResourceId id, string pointId,
        Ports.Guest.GuestState? guest, Action<ResourceId> created, CancellationToken cancellationToken)
    {
        await arm.CreateOrUpdateAsync(id, new ManagedDisk
        {
            Location = settings.Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = disk.Capacity + 512, Guest = guest,
        }, cancellationToken);
        created(id);
        var grant = await arm.ActionAsync(id, "beginGetAccess", new Dictionary<string, string> { ["access"] = "Write" }, cancellationToken);
        // The point may have been pruned while the disk was made; the restore itself is synchronous, so replication
        // (which may go on) cannot write the replica or the journal half-way through it.
        var chosen = leg.Journal.Points.FirstOrDefault(p => p.Id == pointId)
            ?? throw new AsrException(ErrorCatalog.RecoveryPointNotFound.Create($"recovery point '{pointId}' of '{item.Name}' is no longer in the retention window"));
        using (var device = blobs.OpenPageBlob(grant.Output!, writable: true))
            leg.Journal.Restore(disk.DiskId, chosen, leg.Pair.Target.Disk(disk.DiskId), device);
        await arm.ActionAsync(id, "endGetAccess", cancellationToken: cancellationToken);
    }

    public async Task CreateTestDisksAsync(string itemId, RecoveryPoint point, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        var leg = item.Leg is { Stopped: false, Direction: ReplicationDirection.OnPremisesToAzure } running ? running
            : throw new InvalidOperationException($"'{item.Name}' does not replicate to Azure, so there is nothing to test.");
        for (var i = 0; i < item.Disks.Count; i++)
        {
            var disk = item.Disks[i];
            var id = ArmTypes.Disk(settings.SubscriptionId, settings.ResourceGroup, $"{item.Name}-{disk.DiskId}-test");
            // Listed at once, so a cleanup deletes it even when a later task fails.
            await RestoreIntoNewDiskAsync(item, leg, disk, id, point.Id, i == 0 ? item.Guest : null, item.TestDisks.Add, cancellationToken);
            progress.Report((i + 1) * 100 / item.Disks.Count);
        }
    }

    public async Task CommitAsync(string itemId, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        if (item.Leg is { } leg)
        {
            // The points go: the failover can no longer be changed to another point (CM-3).
            item.BytesSentByEndedLegs += leg.Pair.BytesSent;
            leg.Dispose();
            if (Directory.Exists(leg.Journal.DirectoryPath)) Directory.Delete(leg.Journal.DirectoryPath, recursive: true);
            item.Leg = null;
        }
        // After a failover to Azure the replica goes too: the VM's disks, made from the committed point, take its place.
        foreach (var disk in item.Disks.Where(d => d.RecoveredDisk is not null))
        {
            await DeleteReplicaAsync(disk.AzureDisk!, cancellationToken);
            disk.AzureDisk = disk.RecoveredDisk;
            disk.RecoveredDisk = null;
        }
    }

    /// <summary>Deletes a replica disk, ending the write access replication held on it.</summary>
    private async Task DeleteReplicaAsync(ResourceId replica, CancellationToken cancellationToken)
    {
        var state = (await arm.GetAsync<ManagedDisk>(replica, cancellationToken)).DiskState;
        if (state is DiskState.ActiveUpload or DiskState.ActiveSAS)
            await arm.ActionAsync(replica, "endGetAccess", cancellationToken: cancellationToken);
        await arm.DeleteAsync(replica, cancellationToken);
    }

    public async Task DisableReplicationAsync(string itemId, CancellationToken cancellationToken)
    {
        var item = registry.Item(itemId);
        if (item.Leg is { } leg)
        {
            await leg.StopAsync();
            item.BytesSentByEndedLegs += leg.Pair.BytesSent;
            leg.Dispose();
            item.Leg = null;
            await DetachFromMasterTargetAsync(item, leg, cancellationToken);
        }
        await RemoveReplicaDisksAsync(item, cancellationToken);
        configuration.Forget(item);
    }

    /// <summary>
    /// Disabling replication deletes the replica disks in Azure, as ASR does, so protection can be enabled again
    /// from scratch; the disks of a VM running in Azure stay with that VM and are only forgotten.
    /// </summary>
    private async Task RemoveReplicaDisksAsync(VaultItem item, CancellationToken cancellationToken)
    {
        foreach (var disk in item.Disks)
        {
            // The replica goes unless the VM runs on it; disks recovered from a point go with the replica unless the VM runs on them.
            if (disk.AzureDisk is { } replica && (item.AzureVm is null || disk.RecoveredDisk is not null))
                await DeleteReplicaAsync(replica, cancellationToken);
            if (disk.RecoveredDisk is { } recovered && item.AzureVm is null)
                await arm.DeleteAsync(recovered, cancellationToken);
            disk.AzureDisk = null;
            disk.RecoveredDisk = null;
        }
    }

    private async Task<IReadOnlyList<IBlockDevice>> OpenOnPremisesSourcesAsync(VaultItem item, CancellationToken cancellationToken)
    {
        var opened = new List<IBlockDevice>();
        try
        {
            if (item.Kind == MachineKind.PhysicalServer && item.OnPremisesVm is null)
            {
                var (address, user, password) = item.Physical!.Value;
                for (var i = 0; i < item.Disks.Count; i++)
                    opened.Add(await physicalServers!.OpenDiskAsync(address, user, password, i, writable: true, cancellationToken));
                return opened;
            }
            var session = registry.Session(item.VSphereServer!);
            var vm = await session.GetVirtualMachineAsync(item.OnPremisesVm!.Value, cancellationToken);
            // A running VM's disks are locked: the agent inside the guest sees them; a VM that is off is read by path.
            foreach (var disk in item.Disks)
                opened.Add(vm.PowerState == VirtualMachinePowerState.PoweredOn
                    ? await session.OpenGuestDiskAsync(vm.MoRef, disk.DeviceKey!.Value, cancellationToken)
                    : await session.OpenVirtualDiskAsync(vm.Host, disk.VmdkPath!, writable: true, cancellationToken));
            return opened;
        }
        catch
        {
            foreach (var d in opened) d.Dispose();
            throw;
        }
    }

    private List<IBlockDevice> OpenAzureSources(VaultItem item)
    {
        var vm = item.AzureVm ?? throw new InvalidOperationException($"'{item.Name}' has no VM in Azure to replicate back from.");
        return [.. item.Disks.Select((_, i) => arm.OpenGuestDisk(vm, i == 0 ? null : i - 1))];
    }

    private async Task<string> AzureVmAddressAsync(VaultItem item, CancellationToken cancellationToken)
    {
        var vm = await arm.GetAsync<VirtualMachine>(item.AzureVm!, cancellationToken);
        return vm.PrivateIpAddresses.FirstOrDefault() ?? vm.Name;
    }

    /// <summary>
    /// The replica disks in Azure: new managed disks (full copy), or the ones the item already has
    /// (after failback their content is the last failover's: a delta resync).
    /// </summary>
    private async Task<(string Host, IReadOnlyList<(IBlockDevice Disk, bool HoldsData)> Disks)> OpenAzureTargetsAsync(VaultItem item, CancellationToken cancellationToken)
    {
        var s = settings;
        var disks = new List<(IBlockDevice, bool)>();
        string? host = null;
        try
        {
            var generation = ++_replicaGenerations;
            foreach (var disk in item.Disks)
            {
                var previous = disk.AzureDisk;
                var id = ArmTypes.Disk(s.SubscriptionId, s.ResourceGroup, $"{item.Name}-{disk.DiskId}-r{generation}");
                await arm.CreateOrUpdateAsync(id, new ManagedDisk
                {
                    Location = s.Location, CreateOption = DiskCreateOption.Upload, UploadSizeBytes = disk.Capacity + 512,
                    Guest = disk == item.Disks[0] ? item.Guest : null,
                }, cancellationToken);
                var grant = await arm.ActionAsync(id, "beginGetAccess",
                    new Dictionary<string, string> { ["access"] = "Write" }, cancellationToken);
                host = new Uri(grant.Output!).Host;
                var device = blobs.OpenPageBlob(grant.Output!, writable: true);
                disks.Add((device, previous is not null));
                // After failback the last replica seeds the new one inside Azure: only the deltas then cross the network.
                if (previous is not null) await SeedFromAsync(previous, device, cancellationToken);
                disk.AzureDisk = id;
            }
            return (host!, disks);
        }
        catch
        {
            foreach (var (d, _) in disks) d.Dispose();
            throw;
        }
    }

    /// <summary>Copies the old replica into the new one within Azure (read SAS), then deletes the old disk.</summary>
    private async Task SeedFromAsync(ResourceId previous, IBlockDevice target, CancellationToken cancellationToken)
    {
        var read = await arm.ActionAsync(previous, "beginGetAccess", new Dictionary<string, string> { ["access"] = "Read" }, cancellationToken);
        using (var source = blobs.OpenPageBlob(read.Output!, writable: false))
        {
            BlockDeviceCopy.CopyAllocated(source, target); // Put Page From URL where the storage copies it itself
            target.Flush();
        }
        await arm.ActionAsync(previous, "endGetAccess", cancellationToken: cancellationToken);
        await arm.DeleteAsync(previous, cancellationToken);
    }

    /// <summary>
    /// Failback hands the disks to the VM: the master target's VM lets them go (ReconfigVM, remove device, the files stay), as
    /// ASR detaches them before it powers the VM on.
    /// </summary>
    private async Task DetachFromMasterTargetAsync(VaultItem item, ReplicationLeg leg, CancellationToken cancellationToken)
    {
        if (leg.MasterTarget is null || registry.FindMasterTarget(leg.MasterTarget) is not { } mt) return;
        leg.MasterTarget = null;
        var session = registry.Session(mt.VSphereServer);
        var attached = (await session.GetVirtualMachineAsync(mt.Vm, cancellationToken)).Disks.Select(d => d.FileName).ToHashSet(StringComparer.Ordinal);
        var detach = item.Disks.Select(d => d.VmdkPath!).Where(attached.Contains).ToList();
        if (detach.Count > 0)
            await session.WaitForTaskResultAsync(await session.ReconfigureVmAsync(mt.Vm, new VirtualMachineConfigSpec { DetachDisks = detach }, cancellationToken), cancellationToken);
    }

    /// <summary>The on-premises VMDKs the master target attaches (LOC-5: its host must mount their datastore).</summary>
    private async Task<(string Host, IReadOnlyList<(IBlockDevice Disk, bool HoldsData)> Disks)> OpenOnPremisesTargetsAsync(VaultItem item, string masterTarget, CancellationToken cancellationToken)
    {
        var mt = registry.FindMasterTarget(masterTarget) ?? throw new AsrException(ErrorCatalog.MasterTargetNotDiscovered.Create($"master target '{masterTarget}' is not registered"));
        var session = registry.Session(mt.VSphereServer);
        var mtVm = await session.GetVirtualMachineAsync(mt.Vm, cancellationToken);
        var disks = new List<(IBlockDevice, bool)>();
        try
        {
            // As ASR, the master target's VM gets the VM's disks hot-added (ReconfigVM, add existing disk): vCenter shows the task.
            var attach = item.Disks.Select(d => d.VmdkPath!).Where(path => mtVm.Disks.All(d => d.FileName != path)).ToList();
            if (attach.Count > 0)
                await session.WaitForTaskResultAsync(await session.ReconfigureVmAsync(mt.Vm, new VirtualMachineConfigSpec { AttachDisks = attach }, cancellationToken), cancellationToken);
            // The running master target writes them as its own disks; one that is off is reached by path from its host.
            var attached = (await session.GetVirtualMachineAsync(mt.Vm, cancellationToken)).Disks;
            foreach (var disk in item.Disks)
                disks.Add((mtVm.PowerState == VirtualMachinePowerState.PoweredOn
                    ? await session.OpenGuestDiskAsync(mt.Vm, attached.First(d => d.FileName == disk.VmdkPath).Key, cancellationToken)
                    : await session.OpenVirtualDiskAsync(mtVm.Host, disk.VmdkPath!, writable: true, cancellationToken), item.OnPremisesDisksHoldData));
            return (mt.Server.IpAddress, disks);
        }
        catch (Ports.VSphere.VSphereFault fault)
        {
            foreach (var (d, _) in disks) d.Dispose();
            throw new AsrException(ErrorCatalog.DatastoreNotAccessible.Create($"master target '{masterTarget}' cannot open the disks of '{item.Name}': {fault.LocalizedMessage}"));
        }
    }
}
