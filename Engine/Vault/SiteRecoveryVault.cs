using Failback.Engine.Components;
using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Replication;

namespace Failback.Engine.Vault;

/// <summary>
/// A Recovery Services vault protecting a VMware site to Azure, built from the ports: it installs (or
/// opens) the configuration server, discovers vCenters, registers process servers and master targets,
/// protects VMs and physical servers, and runs ASR's operations on them as jobs kept in the
/// configuration server's database. The control plane is the <see cref="Orchestrator"/>; the data
/// plane is the mobility agent, process server, replication pair and retention journal of each leg.
/// Call everything from the simulation's scheduler (inside Simulation.Run).
/// </summary>
public sealed class SiteRecoveryVault : IDisposable
{
    private readonly VaultRegistry _registry = new();
    private readonly RunAsAccounts _accounts = new();
    private readonly VaultConfiguration _configuration;
    private readonly ArmClient _arm;
    private readonly IVSphereConnector _vSphere;
    private readonly INetwork _network;
    private readonly IPhysicalServerDiscovery? _physicalServers;
    private readonly InfrastructureJobs _infrastructure;

    public SiteRecoveryVault(IVSphereConnector vSphere, IArm arm, IBlobStorage blobs, INetwork network, VaultSettings settings, TimeProvider time,
        IPhysicalServerDiscovery? physicalServers = null)
    {
        _vSphere = vSphere ?? throw new ArgumentNullException(nameof(vSphere));
        _arm = new ArmClient(arm, time);
        ArgumentNullException.ThrowIfNull(blobs);
        _network = network ?? throw new ArgumentNullException(nameof(network));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _physicalServers = physicalServers;
        _configuration = new VaultConfiguration(settings, time, _registry);
        var draws = new DurationDraws(settings.Durations, settings.DurationSeed);
        var legs = new ReplicationLegs(_registry, _configuration, _arm, blobs, network, physicalServers, settings);
        Orchestrator = new Orchestrator(legs, new SiteFacts(_registry, _configuration, _arm, network, settings),
            new SiteMachines(_registry, _arm, settings, draws), _configuration.Jobs, time);
        _infrastructure = new InfrastructureJobs(Orchestrator, draws, time);
        Orchestrator.ItemChanged += _configuration.RecordState;
        legs.InitialReplicationCompleted += id => _ = Orchestrator.ReportInitialReplicationAsync(id);
        Plans = new RecoveryPlanRunner(Orchestrator);
    }

    public VaultSettings Settings { get; }

    /// <summary>The configuration server on-premises; while it is lost, asking for it is refused with PRE-6's error.</summary>
    public ConfigurationServer ConfigurationServer => _configuration.Server;

    /// <summary>False from <see cref="LoseConfigurationServer"/> until <see cref="RestoreConfigurationServerAsync"/>.</summary>
    public bool ConfigurationServerRunning => _configuration.Running;

    public Orchestrator Orchestrator { get; }
    /// <summary>Recovery plans and replication groups run through here (RP-8, RP-9).</summary>
    public RecoveryPlanRunner Plans { get; }
    public IJobStore JobStore => _configuration.Jobs;

    // ---- Discovery and registration ----

    /// <summary>Logs in to the vault's vCenter and ensures the recovery resource group exists.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await AddVCenterAsync(Settings.VCenterServer, Settings.VCenterUser, Settings.VCenterPassword, cancellationToken);
        await _arm.CreateOrUpdateAsync(ResourceId.Group(Settings.SubscriptionId, Settings.ResourceGroup),
            new ResourceGroup { Location = Settings.Location }, cancellationToken);
    }

    /// <summary>
    /// Adds a vCenter (or a standalone ESXi host) for the configuration server to discover (TS-6, LOC-6): the job "Add
    /// vCenter server" logs in, then discovers the VMs (<see cref="AsrDurations.VCenterDiscovery"/>); the server is
    /// discovered when the job ends. A login the server refuses fails the job and is thrown.
    /// </summary>
    public Task<AboutInfo> AddVCenterAsync(string server, string userName, string password, CancellationToken cancellationToken = default) =>
        AddVCenterJobAsync(server, userName, password, null, cancellationToken);

    /// <summary>Adds a vCenter (or a standalone ESXi host) discovered with one of the configuration server's run-as accounts (the same job).</summary>
    public Task<AboutInfo> AddVCenterAsync(string server, RunAsAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var known = _accounts.Find(account.AccountId);
        return AddVCenterJobAsync(server, known.UserName, _accounts.Password(known), known, cancellationToken);
    }

    private async Task<AboutInfo> AddVCenterJobAsync(string server, string userName, string password, RunAsAccount? account, CancellationToken cancellationToken)
    {
        IVSphereSession? session = null;
        try
        {
            await _infrastructure.RunAsync(InfrastructureAction.AddVCenter, server, () => { },
            [
                (JobNames.ConnectVCenter, async c => session = await _vSphere.LoginAsync(server, userName, password, c)),
                (JobNames.DiscoverVms, c => _infrastructure.WaitAsync(Settings.Durations.VCenterDiscovery, c)),
            ], cancellationToken);
        }
        catch
        {
            session?.Dispose();
            throw;
        }
        Discovered(server, session!, account);
        return session!.About;
    }

    /// <summary>The server is discovered through <paramref name="session"/>, with <paramref name="account"/> (null: credentials given directly).</summary>
    private void Discovered(string server, IVSphereSession session, RunAsAccount? account)
    {
        _registry.AddSession(server, session);
        _accounts.Use(server, account);
    }

    /// <summary>The configuration server logs in to a server it discovers again with an account's new credentials (no job: ASR runs none for it).</summary>
    private async Task LogInAgainAsync(string server, RunAsAccount account, CancellationToken cancellationToken)
    {
        var session = await _vSphere.LoginAsync(server, account.UserName, _accounts.Password(account), cancellationToken);
        Discovered(server, session, account);
    }

    // ---- Run-as accounts (the configuration server's "Manage accounts") ----

    /// <summary>The configuration server's run-as accounts (no passwords: those stay on the server).</summary>
    public IReadOnlyList<RunAsAccount> RunAsAccounts => _accounts.All;

    /// <summary>Adds a run-as account (vCenter/ESXi credentials) that inputs then name by its id.</summary>
    public RunAsAccount AddRunAsAccount(string accountName, string userName, string password) => _accounts.Add(accountName, userName, password);

    /// <summary>
    /// Updates a run-as account's credentials, as ASR fixes a read-only vCenter account: every server discovered with
    /// the account logs in again with them (a login the server refuses fails here, with the account already updated).
    /// </summary>
    public async Task<RunAsAccount> UpdateRunAsAccountAsync(string accountId, string userName, string password, CancellationToken cancellationToken = default)
    {
        var updated = _accounts.Update(accountId, userName, password);
        foreach (var server in _accounts.ServersOf(updated))
            await LogInAgainAsync(server, updated, cancellationToken);
        return updated;
    }

    /// <summary>
    /// An operation that names a run-as account (ASR's runAsAccountId) acts on <paramref name="server"/> with it: the
    /// server is discovered with that account from then on. Called once the operation is known to be allowed.
    /// </summary>
    private async Task UseRunAsAccountAsync(string? accountId, string? server, CancellationToken cancellationToken)
    {
        if (accountId is null) return;
        var account = _accounts.Find(accountId);
        if (server is null || _accounts.AccountOf(server) == account.AccountId) return;
        await LogInAgainAsync(server, account, cancellationToken);
    }

    /// <summary>The configuration server stops discovering <paramref name="server"/> (its account is removed); false when it did not.</summary>
    public bool RemoveVCenter(string server) => _registry.RemoveSession(server);

    /// <summary>The servers the configuration server discovered (vCenters and ESXi hosts).</summary>
    public IReadOnlyCollection<string> DiscoveredServers => _registry.DiscoveredServers;

    // ---- The configuration server: backup, loss and restore (PRE-6) ----

    /// <summary>Takes a backup of the configuration server's database while it runs (SQLite online backup): the scheduled backup PRE-6 asks for.</summary>
    public void BackupConfigurationServer(string backupPath) => _configuration.Backup(backupPath);

    /// <summary>
    /// The configuration server's VM and database are lost: operations that need it (protection,
    /// reprotect, failing back, registering servers) fail with PRE-6's error and heartbeats stop.
    /// Replication that runs keeps running (the process servers move the data) and failover to Azure works.
    /// </summary>
    public void LoseConfigurationServer() => _configuration.Lose();

    /// <summary>
    /// The configuration server's services stop (a crash; its VM and database stay): heartbeats stop and the operations
    /// that need it (protection, reprotect, failing back, registering servers) fail with PRE-6's error, as while it is
    /// lost; replication that runs keeps running and failover to Azure works. No effect on a lost server.
    /// </summary>
    public void StopConfigurationServer() => _configuration.SetServicesRunning(false);

    /// <summary>The configuration server's services start again; the process servers send their heartbeats.</summary>
    public async Task StartConfigurationServerAsync(CancellationToken cancellationToken = default)
    {
        _configuration.SetServicesRunning(true);
        foreach (var ps in _registry.ProcessServers.ToList()) await _configuration.HeartbeatAsync(ps, cancellationToken);
    }

    /// <summary>
    /// Rebuilds the lost configuration server from <paramref name="backupPath"/> with the IP address it had (PRE-6)
    /// and reloads the vault from it (an item protected after the backup cannot fail back; servers registered
    /// after it are dropped); then the process servers send their first heartbeats.
    /// </summary>
    public async Task RestoreConfigurationServerAsync(string backupPath, string ipAddress, CancellationToken cancellationToken = default)
    {
        _configuration.Restore(backupPath, ipAddress, Orchestrator.Item);
        foreach (var ps in _registry.ProcessServers.ToList()) await _configuration.HeartbeatAsync(ps, cancellationToken);
    }

    /// <summary>One heartbeat of process server <paramref name="processServer"/> to the configuration server: false when it is lost, the services are down or port 443 is blocked (TS-5).</summary>
    public Task<bool> HeartbeatAsync(string processServer, CancellationToken cancellationToken = default) =>
        _configuration.HeartbeatAsync(RegisteredProcessServer(processServer), cancellationToken);

    /// <summary>The last heartbeat the configuration server recorded for the process server (null when none, or the server is lost).</summary>
    public DateTimeOffset? LastHeartbeat(string processServer) =>
        _registry.FindProcessServer(processServer) is { } ps ? _configuration.LastHeartbeat(ps) : null;

    /// <summary>
    /// Registers a process server on-premises (the one that sends data to Azure, or failback over ExpressRoute): the job
    /// "Register process server" registers it with the configuration server, which lists it after
    /// <see cref="AsrDurations.ProcessServerListing"/> (PS-6). Refused with PRE-6's error while the configuration server is lost.
    /// </summary>
    public async Task<ProcessServer> AddProcessServerAsync(string name, string ipAddress, long? cacheBytes = null, CancellationToken cancellationToken = default)
    {
        var ps = new ProcessServer(name, ipAddress, ServerLocation.OnPremises, cacheBytes ?? Settings.ProcessServerCacheBytes, _network, _arm.Time);
        await _infrastructure.RunAsync(InfrastructureAction.RegisterProcessServer, name, () => _ = ConfigurationServer,
        [
            (JobNames.RegisterWithConfigurationServer, _ => { _configuration.Register(ps, Settings.Passphrase); return Task.CompletedTask; }),
            (JobNames.ListProcessServer, c => _infrastructure.WaitAsync(Settings.Durations.ProcessServerListing, c)),
        ], cancellationToken);
        _registry.AddProcessServer(ps);
        return ps;
    }

    /// <summary>
    /// Refresh server (about 15 minutes, <see cref="AsrDurations.ConfigurationServerRefresh"/>): the configuration server
    /// then records a heartbeat of every registered process server that reaches it. Its discovery of the vCenters reads
    /// their inventory live, so a refresh has nothing more to update. Refused with PRE-6's error while the server is lost.
    /// </summary>
    public Task<Job> RefreshConfigurationServerAsync(CancellationToken cancellationToken = default) =>
        _infrastructure.RunAsync(InfrastructureAction.RefreshConfigurationServer, Settings.ConfigurationServerName, () => _ = ConfigurationServer,
        [
            (JobNames.RefreshConfigurationServer, async c =>
            {
                await _infrastructure.WaitAsync(Settings.Durations.ConfigurationServerRefresh, c);
                foreach (var ps in _registry.ProcessServers.ToList()) await _configuration.HeartbeatAsync(ps, c);
            }),
        ], cancellationToken);

    /// <summary>
    /// Deploys a process server in Azure for failback (PS-1, PS-6) into <paramref name="networkId"/> (the vault's recovery
    /// network when null): in a Resource Manager network a Resource Manager VM with the network interface made for it (PS-5);
    /// in a classic network a classic VM from the marketplace image "Microsoft Azure Site Recovery Process Server V2" with a
    /// classic storage account for its disk (PS-4). Its model and network are what ARM reports for the VM (PS-2, PS-3);
    /// it registers with the configuration server's passphrase.
    /// </summary>
    public async Task<ProcessServer> DeployProcessServerInAzureAsync(string name, string? passphrase = null, string? networkId = null, CancellationToken cancellationToken = default)
    {
        var network = networkId is null ? Settings.RecoveryNetworkId
            : ResourceId.TryParse(networkId, out var parsed) && parsed.ResourceType.EndsWith("/" + ArmTypes.VirtualNetworks, StringComparison.OrdinalIgnoreCase) ? parsed
            : throw new ArgumentException($"'{networkId}' is not the id of a virtual network.", nameof(networkId));
        ProcessServer? ps = null;
        ResourceId? id = null;
        VirtualMachine? vm = null;
        // It registers with the configuration server: refused before any resource is created while the server is lost (PRE-6).
        await _infrastructure.RunAsync(InfrastructureAction.RegisterProcessServer, name, () => _ = ConfigurationServer,
        [
            (JobNames.DeployProcessServerVm, async c => (id, vm) = await DeployProcessServerVmAsync(name, network, c)),
            (JobNames.RegisterWithConfigurationServer, _ =>
            {
                ps = new ProcessServer(name, vm!.PrivateIpAddresses[0], ServerLocation.Azure, Settings.ProcessServerCacheBytes, _network, _arm.Time);
                _configuration.Register(ps, passphrase ?? Settings.Passphrase);
                return Task.CompletedTask;
            }),
            (JobNames.ListProcessServer, c => _infrastructure.WaitAsync(Settings.Durations.ProcessServerListing, c)),
        ], cancellationToken);
        _registry.AddProcessServer(ps!, AzurePlacement.Of(id!, vm!.SubnetId));
        return ps!;
    }

    /// <summary>The process server's VM in <paramref name="network"/>, in the network's deployment model (PS-4, PS-5).</summary>
    private async Task<(ResourceId Id, VirtualMachine Vm)> DeployProcessServerVmAsync(string name, ResourceId network, CancellationToken cancellationToken)
    {
        var model = network.DeploymentModel;
        var subnet = network.Child(ArmTypes.Subnets, Settings.RecoverySubnet);
        var images = await _arm.ListMarketplaceImagesAsync(Settings.Location, cancellationToken);
        var image = images.FirstOrDefault(i => !i.Guest.IsLinux && i.Models.Contains(model))
            ?? throw new InvalidOperationException($"No Windows image in {Settings.Location} to deploy process server '{name}' from.");
        var id = ArmTypes.VirtualMachine(Settings.SubscriptionId, Settings.ResourceGroup, name, model);
        VirtualMachine vm;
        if (model == DeploymentModel.Classic)
        {
            var account = ArmTypes.StorageAccount(Settings.SubscriptionId, Settings.ResourceGroup, StorageAccountName(name), DeploymentModel.Classic);
            await _arm.CreateOrUpdateAsync(account, new StorageAccount { Location = Settings.Location }, cancellationToken);
            vm = await _arm.CreateOrUpdateAsync(id, new VirtualMachine
            {
                Location = Settings.Location, Size = "Standard_A4", Image = image.Reference, AdminUsername = "asradmin", AdminPassword = "Process!Server1",
                StorageAccountId = account, SubnetId = subnet,
            }, cancellationToken);
        }
        else
        {
            var nicId = ArmTypes.NetworkInterface(Settings.SubscriptionId, Settings.ResourceGroup, name + "-nic");
            await _arm.CreateOrUpdateAsync(nicId, new NetworkInterface { Location = Settings.Location, SubnetId = subnet }, cancellationToken);
            vm = await _arm.CreateOrUpdateAsync(id, new VirtualMachine
            {
                Location = Settings.Location, Size = "Standard_D4s_v3", Image = image.Reference, AdminUsername = "asradmin", AdminPassword = "Process!Server1",
                NetworkInterfaceIds = [nicId],
            }, cancellationToken);
        }
        return (id, vm);
    }

    /// <summary>A classic storage account's name for a process server's disk: 3-24 lower-case letters and digits.</summary>
    private static string StorageAccountName(string processServer)
    {
        var letters = new string([.. processServer.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        return (letters + "disks")[..Math.Min(24, letters.Length + 5)];
    }

    public IReadOnlyCollection<ProcessServer> ProcessServers => _registry.ProcessServers;

    /// <summary>
    /// Registers the on-premises master target running in VM <paramref name="vmName"/> of <paramref name="vSphereServer"/>
    /// (the vault's vCenter by default) with the volumes its guest has; selects the retention volume (RP-4). The job "Register
    /// master target server" registers it; its retention drive is listed after <see cref="AsrDurations.RetentionDriveListing"/>.
    /// </summary>
    public async Task<MasterTarget> AddMasterTargetAsync(string vmName, IEnumerable<VolumeInfo> volumes, string? retentionVolume = null,
        string? vSphereServer = null, CancellationToken cancellationToken = default)
    {
        var server = vSphereServer ?? Settings.VCenterServer;
        var vm = await _registry.FindVmAsync(server, vmName, cancellationToken);
        var mt = new MasterTarget(vmName, VaultItem.Address(vm.Guest, vmName), vm.Guest, volumes, vm.Guest.IsLinux ? "/" : "C:");
        await _infrastructure.RunAsync(InfrastructureAction.RegisterMasterTarget, vmName, () => { },
        [
            (JobNames.RegisterWithConfigurationServer, _ =>
            {
                _configuration.Register(mt);
                mt.SelectRetentionVolume(retentionVolume);
                return Task.CompletedTask;
            }),
            (JobNames.ListRetentionDrive, c => _infrastructure.WaitAsync(Settings.Durations.RetentionDriveListing, c)),
        ], cancellationToken);
        _registry.AddMasterTarget(new RegisteredMasterTarget(mt, server, vm.MoRef));
        return mt;
    }

    /// <summary>
    /// Adds a VMware VM to the vault (not yet protected): its disks, guest and where it runs; in a replication
    /// group (multi-VM consistency) when <paramref name="replicationGroup"/> is given (RP-8, RP-9).
    /// </summary>
    public async Task<ProtectedItem> AddVirtualMachineAsync(string vmName, string? vSphereServer = null, string? replicationGroup = null, CancellationToken cancellationToken = default)
    {
        var server = vSphereServer ?? Settings.VCenterServer;
        var vm = await _registry.FindVmAsync(server, vmName, cancellationToken);
        var item = new VaultItem(vm.MoRef.Value, vm.Name, MachineKind.VmwareVm, vm.Guest,
            [.. vm.Disks.OrderBy(d => d.UnitNumber).Select((d, i) => new ItemDisk($"disk-{i}", d.CapacityBytes) { VmdkPath = d.FileName, DeviceKey = d.Key })])
        {
            OnPremisesAddress = VaultItem.Address(vm.Guest, vm.Name),
            GuestId = vm.GuestId,
            VSphereServer = server,
            OnPremisesVm = vm.MoRef,
            OnPremisesVmUuid = vm.Uuid,
        };
        return Register(item, replicationGroup);
    }

    /// <summary>Adds a physical server, discovered by address and credentials (the agent's push install).</summary>
    public async Task<ProtectedItem> AddPhysicalServerAsync(string address, string userName, string password, CancellationToken cancellationToken = default)
    {
        var discovery = _physicalServers ?? throw new InvalidOperationException("This vault was built without physical server discovery; pass an IPhysicalServerDiscovery.");
        var info = await discovery.DiscoverAsync(address, userName, password, cancellationToken);
        var item = new VaultItem(info.Name, info.Name, MachineKind.PhysicalServer, info.Guest,
            [.. info.Disks.OrderBy(d => d.Index).Select(d => new ItemDisk($"disk-{d.Index}", d.CapacityBytes))])
        {
            OnPremisesAddress = info.IpAddress,
            GuestId = info.Guest.IsLinux ? "centos7_64Guest" : "windows9Server64Guest",
            Physical = (address, userName, password),
        };
        return Register(item);
    }

    private ProtectedItem Register(VaultItem item, string? replicationGroup = null)
    {
        _registry.AddItem(item);
        return Orchestrator.Register(new ProtectedItem { Id = item.Id, Name = item.Name, Kind = item.Kind, OsName = item.Guest.OsName, ReplicationGroup = replicationGroup });
    }

    // ---- Operations (ASR's) ----

    public async Task<Job> EnableProtectionAsync(string itemId, EnableProtectionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.TargetAzureNetworkId is { } network)
        {
            if (!ResourceId.TryParse(network, out var networkId) || !networkId.ResourceType.Equals($"{ArmTypes.Network}/{ArmTypes.VirtualNetworks}", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{network}' is not the id of a Resource Manager virtual network (failover creates Resource Manager VMs on managed disks).", nameof(input));
            if (Orchestrator.Refusal(itemId, AsrOperation.EnableProtection) is { } refusal) throw new AsrException(refusal);
            _registry.Item(itemId).RecoveryNetwork = networkId;
        }
        if (input.RunAsAccountId is not null)
        {
            if (Orchestrator.Refusal(itemId, AsrOperation.EnableProtection) is { } refusal) throw new AsrException(refusal);
            await UseRunAsAccountAsync(input.RunAsAccountId, _registry.Item(itemId).VSphereServer, cancellationToken);
        }
        return await Orchestrator.EnableProtectionAsync(itemId, input, cancellationToken);
    }

    public Task<Job> UnplannedFailoverAsync(string itemId, UnplannedFailoverInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.UnplannedFailoverAsync(itemId, input, cancellationToken);

    public Task<Job> CommitAsync(string itemId, CancellationToken cancellationToken = default) => Orchestrator.CommitAsync(itemId, cancellationToken);

    public async Task<Job> ReprotectAsync(string itemId, ReprotectInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (account, server) = RunAsAccountOf(itemId, input);
        if (account is not null)
        {
            if (Orchestrator.ReprotectRefusal(itemId, input) is { } refusal) throw new AsrException(refusal);
            await UseRunAsAccountAsync(account, server, cancellationToken);
        }
        return await Orchestrator.ReprotectAsync(itemId, input, cancellationToken);
    }

    /// <summary>The run-as account an operation names and the server it signs in to.</summary>
    private (string? Account, string? Server) RunAsAccountOf(string itemId, object? input) => input switch
    {
        EnableProtectionInput enable => (enable.RunAsAccountId, _registry.Item(itemId).VSphereServer),
        // Back to on-premises the account is the master target's vCenter's (where the datastores are listed, TS-1).
        ReprotectToOnPremisesInput back => (back.RunAsAccountId, _registry.FindMasterTarget(back.MasterTarget)?.VSphereServer ?? _registry.Item(itemId).VSphereServer),
        ReprotectToAzureInput forward => (forward.RunAsAccountId, _registry.Item(itemId).VSphereServer),
        _ => (null, null),
    };

    /// <summary>
    /// ASR's answer to an operation before any job (<see cref="Orchestrator.PreflightAsync(string, AsrOperation, object?, CancellationToken)"/>):
    /// the refusal of its input or of the item's state, a run-as account the configuration server does not have, else the
    /// first error of the prerequisite check its job's first task would run now; null when it would start and pass. It
    /// makes no job and changes nothing; the sites' APIs take virtual time, so run it in the kernel's Probe to leave no trace.
    /// An operation that names another run-as account than the one its vCenter is discovered with is judged on its
    /// refusals only: its check reads the site through that account, which only the job signs in with.
    /// </summary>
    public async Task<AsrError?> PreflightAsync(string itemId, AsrOperation operation, object? input = null, CancellationToken cancellationToken = default)
    {
        if (await Orchestrator.PreflightAsync(itemId, operation, input, prerequisites: false, cancellationToken) is { } refusal) return refusal;
        var (account, server) = RunAsAccountOf(itemId, input);
        if (account is not null)
        {
            RunAsAccount found;
            try
            {
                found = _accounts.Find(account);
            }
            catch (AsrException e)
            {
                return e.Error;
            }
            if (server is not null && _accounts.AccountOf(server) != found.AccountId) return null;
        }
        return await Orchestrator.PreflightAsync(itemId, operation, input, prerequisites: true, cancellationToken);
    }

    public Task<Job> DisableProtectionAsync(string itemId, CancellationToken cancellationToken = default) =>
        Orchestrator.DisableProtectionAsync(itemId, cancellationToken);

    /// <summary>ASR's testFailover: a "-test" VM at a recovery point in a test network while replication goes on.</summary>
    public Task<Job> TestFailoverAsync(string itemId, TestFailoverInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.TestFailoverAsync(itemId, input, cancellationToken);

    /// <summary>ASR's testFailoverCleanup: deletes the test VM and its disks; the job keeps the notes.</summary>
    public Task<Job> TestFailoverCleanupAsync(string itemId, TestFailoverCleanupInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.TestFailoverCleanupAsync(itemId, input, cancellationToken);

    /// <summary>ASR's applyRecoveryPoint (ChangePit): after a failover to Azure and before its commit, the VM is recreated from another point.</summary>
    public Task<Job> ChangeRecoveryPointAsync(string itemId, ApplyRecoveryPointInput input, CancellationToken cancellationToken = default) =>
        Orchestrator.ChangeRecoveryPointAsync(itemId, input, cancellationToken);

    /// <summary>ASR's job Cancel: a running item job stops at its next task (or in a task that waits); it ends Cancelled.</summary>
    public Job CancelJob(string jobId) => Orchestrator.CancelJob(jobId);

    /// <summary>ASR's job Restart: runs a failed item job again as a new job (the documented fix for 78093).</summary>
    public Task<Job> RestartJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Orchestrator.RestartJobAsync(jobId, cancellationToken);

    /// <summary>Waits (in virtual time) until the item's initial replication ended and the item is protected.</summary>
    public async Task WaitForInitialReplicationAsync(string itemId)
    {
        var leg = Running(itemId);
        await leg.InitialReplicationDone;
        await Orchestrator.InitialReplicationEndedAsync(itemId);
    }

    /// <summary>Waits until the target holds every write the guest made so far.</summary>
    public async Task WaitForCatchUpAsync(string itemId)
    {
        var leg = Running(itemId);
        await leg.InitialReplicationDone;
        await leg.CaughtUpAsync();
    }

    // ---- What the portal shows ----

    public IReadOnlyList<ProtectedItem> Items => Orchestrator.Items;
    public ProtectedItem Item(string itemId) => Orchestrator.Item(itemId);
    public IReadOnlyList<AsrOperation> AllowedOperations(string itemId) => Orchestrator.AllowedOperations(itemId);
    public IReadOnlyList<AsrOperation> PermittedOperations(string itemId) => Orchestrator.PermittedOperations(itemId);

    /// <summary>The item's state fields in ASR's strings (protectionState, activeLocation, replicationHealth, ...).</summary>
    public ItemStatus Status(string itemId) => ItemStatus.Of(Item(itemId), AllowedOperations(itemId), Health(itemId));
    public IReadOnlyList<Job> Jobs => JobStore.All();
    public Job? Job(string jobId) => JobStore.Find(jobId);

    /// <summary>The item's current RPO (zero when nothing replicates).</summary>
    public TimeSpan Rpo(string itemId) => _registry.Item(itemId).Leg is { Stopped: false } leg ? leg.Pair.Rpo : TimeSpan.Zero;

    /// <summary>Replication health (Normal, Warning, Critical), null when nothing replicates.</summary>
    public ReplicationHealth? Health(string itemId) => _registry.Item(itemId).Leg is { Stopped: false } leg ? leg.Pair.HealthFor(leg.Pair.Rpo) : null;

    /// <summary>The recovery points of the running (or last) leg, oldest first.</summary>
    public IReadOnlyList<RecoveryPoint> RecoveryPoints(string itemId) => _registry.Item(itemId).Leg?.Journal.Points ?? [];

    /// <summary>The item's disks as its guest writes them now (through the mobility agent), null while nothing replicates.</summary>
    public IReadOnlyList<IBlockDevice>? GuestDisks(string itemId) => _registry.Item(itemId).Leg is { Stopped: false } leg ? leg.GuestDisks : null;

    /// <summary>The guest as it last ran; after failback it carries Azure's changes (TS-2, TS-3).</summary>
    public GuestState Guest(string itemId) => _registry.Item(itemId).Guest;

    /// <summary>What the last failover of the item cost in data.</summary>
    public FailoverAccounting? LastFailover(string itemId) => _registry.Item(itemId).LastFailover;

    /// <summary>Initial replication of the running (or last) leg: full copy or delta resync, and what it sent per disk.</summary>
    public IReadOnlyList<InitialReplicationResult> InitialReplication(string itemId) => _registry.Item(itemId).Leg?.Pair.InitialReplication ?? [];

    /// <summary>Bytes the item's replication sent over every leg so far.</summary>
    public long BytesTransferred(string itemId)
    {
        var item = _registry.Item(itemId);
        return item.BytesSentByEndedLegs + (item.Leg?.Pair.BytesSent ?? 0);
    }

    public long TotalBytesTransferred => _registry.Items.Sum(i => BytesTransferred(i.Id));

    /// <summary>The Azure VM of the item while one exists.</summary>
    public ResourceId? AzureVm(string itemId) => _registry.Item(itemId).AzureVm;

    /// <summary>The item's test failover VM while one exists (until its cleanup).</summary>
    public ResourceId? TestVm(string itemId) => _registry.Item(itemId).TestVm;

    /// <summary>The item's test failover disks while they exist, in the item's disk order.</summary>
    public IReadOnlyList<ResourceId> TestDisks(string itemId) => [.. _registry.Item(itemId).TestDisks];

    /// <summary>The on-premises VM the item runs as (original, or the new one of an alternate-location failback).</summary>
    public ManagedObjectReference? OnPremisesVm(string itemId) => _registry.Item(itemId).OnPremisesVm;

    public void Dispose()
    {
        _registry.Dispose();
        _configuration.Dispose();
    }

    private ReplicationLeg Running(string itemId) =>
        _registry.Item(itemId).Leg ?? throw new InvalidOperationException($"'{itemId}' is not replicating.");

    private ProcessServer RegisteredProcessServer(string name) => _registry.FindProcessServer(name) ?? throw new ArgumentException(
        $"No process server '{name}' is registered; registered: {string.Join(", ", _registry.ProcessServers.Select(p => p.Name))}.", nameof(name));
}
