using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Lab.Http;

/// <summary>
/// What the API shows of a lab's world, read on the lab's thread (a consistent snapshot). Names and fields follow ASR's
/// API (protectionState, activeLocation, replicationHealth, job states); no password or passphrase appears.
/// </summary>
internal static class WorldViews
{
    public static object Items(DrillWorld world) => world.Vault is not { } vault ? Array.Empty<object>() : vault.Items.Select(item =>
    {
        var status = vault.Status(item.Id);
        return new
        {
            id = item.Id,
            name = item.Name,
            protectionState = status.ProtectionState,
            protectionStateDescription = status.ProtectionStateDescription,
            activeLocation = status.ActiveLocation,
            replicationHealth = status.ReplicationHealth,
            healthErrors = status.HealthErrors.Select(e => new { code = e.Code, message = e.Message, possibleCauses = e.PossibleCauses, recommendedAction = e.RecommendedAction }),
            allowedOperations = status.AllowedOperations,
            rpo = Quantities.FormatDuration(vault.Rpo(item.Id)),
            rpoSeconds = vault.Rpo(item.Id).TotalSeconds,
            recoveryPoints = vault.RecoveryPoints(item.Id).Count,
            lastRecoveryPoint = vault.RecoveryPoints(item.Id) is [.., var last] ? last.Time : (DateTimeOffset?)null,
        };
    }).ToList();

    public static object? RecoveryPoints(DrillWorld world, string name)
    {
        var item = world.Vault?.Items.FirstOrDefault(i => i.Name == name);
        if (item is null) return null;
        var now = world.Simulation.Clock.GetUtcNow();
        return world.Vault!.RecoveryPoints(item.Id).Reverse().Select(p => new
        {
            id = $"rp-{p.Number}",
            recoveryPointType = p.Type.ToString(),
            recoveryPointTime = p.Time,
            age = Quantities.FormatDuration(now - p.Time),
        }).ToList();
    }

    public static object Jobs(DrillWorld world) => world.Vault is not { } vault ? Array.Empty<object>() : vault.Jobs.Select(j => new
    {
        id = j.Id,
        scenarioName = j.ScenarioName,
        friendlyName = j.FriendlyName,
        targetObjectName = j.TargetObjectName,
        state = j.State.ToString(),
        stateDescription = j.StateDescription,
        startTime = j.StartTime,
        endTime = j.EndTime,
        errors = j.Errors.Select(e => new { code = e.Code, message = e.Message, possibleCauses = e.PossibleCauses, recommendedAction = e.RecommendedAction }),
        allowedActions = j.AllowedActions,
        tasks = j.Tasks.Select(t => new { name = t.Name, state = t.State.ToString(), startTime = t.StartTime, endTime = t.EndTime }),
    }).ToList();

    public static object VSphere(DrillWorld world) => new
    {
        hosts = world.Site.Hosts.Select(h => new
        {
            name = h.Name, version = h.Version, connected = h.IsConnected, edition = h.Edition.ToString(),
            // Where the inventory tree holds it: a vCenter's datacenter and cluster, or none for a standalone host.
            vCenter = h.Datacenter?.Server.Name, datacenter = h.Datacenter?.Name, cluster = h.Cluster?.Name,
        }),
        datastores = world.Site.Datastores.Select(d => new { name = d.Name, type = d.DatastoreType.ToString(), capacity = Quantities.FormatSize(d.Capacity) }),
        vms = world.Site.Vms.Where(v => !v.Removed).Select(v => new
        {
            name = v.Name,
            host = v.Host.Name,
            datastore = v.Datastore.Name,
            power = v.IsPoweredOn ? "on" : "off",
            guestId = v.GuestId,
            disks = v.Disks.Select(d => Quantities.FormatSize(d.CapacityBytes)),
            snapshots = v.AllSnapshots.Count(),
            snapshotNames = v.AllSnapshots.Select(s => s.Name),
            extraConfig = v.ExtraConfig,
            guestWrites = world.Machines.FirstOrDefault(m => m.Vm == v)?.TotalWrites,
        }),
    };

    public static object Azure(DrillWorld world) => world.Azure is not { } azure ? Array.Empty<object>() : azure.Cloud.Resources.Select(r => new
    {
        id = r.Id?.ToString(),
        name = r.Name,
        type = r.GetType().Name,
        location = r.Location,
        provisioningState = r.ProvisioningState.ToString(),
        properties = AzureProperties(r, azure.Cloud.Resources),
    }).ToList();

    /// <summary>What the Azure portal's list of each type shows: a VM's power, size, network and addresses; a disk's
    /// size, state and VM; a network's address space and subnets; a NIC's address, subnet and VM.</summary>
    private static Dictionary<string, object?> AzureProperties(ArmResource resource, IReadOnlyList<ArmResource> all)
    {
        static string? Subnet(ResourceId? subnet) => subnet is null ? null : $"{subnet.Parent?.Name}/{subnet.Name}";
        return resource switch
        {
            VirtualMachine vm => new()
            {
                ["power"] = vm.PowerState.ToString(),
                ["size"] = vm.Size,
                ["network"] = Subnet(vm.SubnetId ?? vm.NetworkInterfaceIds.Select(id => all.OfType<NetworkInterface>().FirstOrDefault(n => id.Equals(n.Id))?.SubnetId).FirstOrDefault()),
                ["privateIpAddresses"] = vm.PrivateIpAddresses,
            },
            ManagedDisk disk => new()
            {
                ["size"] = Quantities.FormatSize(disk.DiskSizeBytes),
                ["diskState"] = disk.DiskState.ToString(),
                ["managedBy"] = disk.ManagedBy?.Name,
            },
            VirtualNetwork network => new()
            {
                ["addressSpace"] = network.AddressPrefixes,
                ["subnets"] = network.Subnets.Select(s => $"{s.Name} {s.AddressPrefix}").ToList(),
            },
            NetworkInterface nic => new()
            {
                ["privateIpAddress"] = nic.PrivateIpAddress,
                ["subnet"] = Subnet(nic.SubnetId),
                ["virtualMachine"] = nic.VirtualMachineId?.Name,
            },
            _ => [],
        };
    }

    /// <summary>The site's vSphere tasks as the client's Recent Tasks pane lists them: newest first, at most <paramref name="count"/>.</summary>
    public static object Tasks(DrillWorld world, int count = 100) => world.Site.Servers
        .SelectMany(server => server.RecentTasks.Reverse().Select(t => (Server: server.Name, Task: t)))
        .OrderByDescending(x => x.Task.QueueTime).Take(count).Select(x => new
        {
            id = x.Task.Task.Value,
            name = x.Task.DescriptionId,
            target = x.Task.EntityName,
            server = x.Server,
            state = x.Task.State.ToString(),
            progress = x.Task.Progress,
            initiator = x.Task.UserName,
            queueTime = x.Task.QueueTime,
            startTime = x.Task.StartTime,
            completeTime = x.Task.CompleteTime,
            error = x.Task.Error is { } e ? new { fault = e.FaultType.ToString(), message = e.LocalizedMessage } : null,
        }).ToList();

    /// <summary>
    /// The recovery plans: each group's machines in order, and the operations the plan allows (those every one of its
    /// items allows, as ASR's RecoveryPlan shows; disabling protection is per item).
    /// </summary>
    public static object Plans(DrillWorld world) => world.Vault is not { } vault ? Array.Empty<object>() : world.Plans.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new
    {
        name = p.Key,
        groups = p.Value.Machines,
        allowedOperations = p.Value.Plan.ItemIds.Select(id => (IEnumerable<AsrOperation>)vault.AllowedOperations(id)).DefaultIfEmpty([])
            .Aggregate((a, b) => a.Intersect(b)).Where(op => op != AsrOperation.DisableProtection).Select(op => op.ToString()).ToList(),
    }).ToList();

    /// <summary>
    /// Site Recovery infrastructure: the configuration server, the process servers with their last heartbeat and health
    /// (ASR's alerts: cache space, upload time, services, heartbeats), the master targets with their volumes, the discovered vCenters and hosts, the run-as accounts (names
    /// only: the user and password stay on the configuration server) and the replication policies. While the
    /// configuration server is not running it lists no registered server and no policy.
    /// </summary>
    public static object? Infrastructure(DrillWorld world)
    {
        if (world.Vault is not { } vault) return null;
        var running = vault.ConfigurationServerRunning;
        var masterTargets = running ? vault.ConfigurationServer.Servers(ServerRole.MasterTarget) : [];
        return new
        {
            configurationServer = new
            {
                name = vault.Settings.ConfigurationServerName,
                ipAddress = vault.Settings.ConfigurationServerIp,
                services = running ? "Running" : "Stopped",
            },
            processServers = vault.ProcessServers.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p =>
            {
                var heartbeat = vault.LastHeartbeat(p.Name);
                // The configuration server records a heartbeat when an operation checks the process server, not every
                // few minutes: an old or missing one is an alert only when heartbeats cannot arrive (server or services down).
                var alerts = p.Health(heartbeat).Alerts.Where(a => a.Condition != "Heartbeat" || !running || !p.ServicesRunning).ToList();
                return new
                {
                    name = p.Name,
                    ipAddress = p.IpAddress,
                    location = p.Location.ToString(),
                    lastHeartbeat = heartbeat,
                    health = (alerts.Count == 0 ? ServerHealth.Healthy : alerts.Max(a => a.Severity)).ToString(),
                    alerts = alerts.Select(a => new { severity = a.Severity.ToString(), condition = a.Condition, message = a.Message }),
                    services = p.ServicesRunning ? "Running" : "Stopped",
                    cacheUsed = Quantities.FormatSize(p.CacheUsedBytes),
                    cacheCapacity = Quantities.FormatSize(p.CacheCapacityBytes),
                };
            }).ToList(),
            masterTargets = world.MasterTargets.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new
            {
                name = m.Name,
                ipAddress = m.IpAddress,
                os = m.IsLinux ? "Linux" : "Windows",
                lastHeartbeat = masterTargets.FirstOrDefault(r => r.Id == m.Id)?.LastHeartbeat,
                attachedDisks = m.AttachedDisks,
                retentionVolume = m.RetentionVolume?.MountPoint,
                volumes = m.RetentionCandidates().Select(c => new
                {
                    mountPoint = c.Volume.MountPoint,
                    fileSystem = c.Volume.FileSystem,
                    capacity = Quantities.FormatSize(c.Volume.CapacityBytes),
                    usedFor = c.Volume.UsedFor,
                    retentionEligible = c.Eligible,
                    notEligibleBecause = c.Reasons,
                }),
            }).ToList(),
            vCenters = vault.DiscoveredServers.Order(StringComparer.Ordinal).Select(name => world.Site.Servers.First(s => s.Name == name)).Select(s => new
            {
                name = s.Name,
                type = s.IsVCenter ? "vCenter Server" : "ESXi host",
                version = s.About.Version,
            }).ToList(),
            runAsAccounts = vault.RunAsAccounts.Select(a => new { name = a.AccountName }).ToList(),
            policies = (running ? vault.ConfigurationServer.Database.Policies() : []).Select(p => new
            {
                name = p.Name,
                id = p.Id,
                failback = p.IsFailback,
                rpoThreshold = Quantities.FormatDuration(p.RpoThreshold),
                retention = Quantities.FormatDuration(p.RecoveryPointRetention),
                appConsistentEvery = p.AppConsistentFrequency is { } every ? Quantities.FormatDuration(every) : "Off",
            }).ToList(),
        };
    }
}
