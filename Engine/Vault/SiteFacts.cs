using Failback.Engine.Components;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.VSphere;


namespace Failback.Engine.Vault;

/// <summary>
/// Gathers the facts the prerequisite checks judge, from the real sites through the ports: vSphere
/// inventories as the account sees them, ARM resources, the network's answer on port 443, the
/// configuration server's database and the process servers' heartbeats.
/// </summary>
internal sealed class SiteFacts(VaultRegistry registry, VaultConfiguration configuration, ArmClient arm, INetwork network, VaultSettings settings) : ISiteDiscovery
{
    private const int Https = 443;
    private const string DiskEnableUuid = "disk.EnableUUID";
    /// <summary>The privilege a datastore needs to receive new disks, as ASR's vCenter role lists it.</summary>
    private const string AllocateSpace = "Datastore.AllocateSpace";

    public async Task<ForwardEnvironment> DescribeForwardAsync(ProtectedItem protectedItem, string processServer, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        // A machine not protected yet is recorded when protection starts; one that was protected must be in the database.
        var inDatabase = protectedItem.State == ProtectionState.Unprotected || configuration.Holds(item);
        return new ForwardEnvironment(new ConfigurationServerFacts(true, inDatabase, configuration.Running), await ProcessServerAsync(processServer, cancellationToken));
    }

    public Task<ConfigurationServerFacts> DescribeConfigurationServerAsync(ProtectedItem protectedItem, CancellationToken cancellationToken) =>
        Task.FromResult(new ConfigurationServerFacts(true, configuration.Holds(registry.Item(protectedItem.Id)), configuration.Running));

    public async Task<VCenterFacts?> DescribeOnPremisesVCenterAsync(ProtectedItem protectedItem, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        return item.VSphereServer is { } server ? await VCenterAsync(item, server, cancellationToken) : null;
    }

    public async Task<FailbackEnvironment> DescribeFailbackAsync(ProtectedItem protectedItem, ReprotectToOnPremisesInput input, CancellationToken cancellationToken)
    {
        var item = registry.Item(protectedItem.Id);
        var s = settings;
        var csAddress = s.ConfigurationServerIp;
        var azureVm = item.AzureVm is null ? null : await arm.GetAsync<VirtualMachine>(item.AzureVm, cancellationToken);
        var vmAddress = azureVm?.PrivateIpAddresses.FirstOrDefault() ?? "";
        // The recovered VM as ARM reports it (PS-2, PS-3): its model by its provider, its network by its subnet.
        var vmPlacement = item.AzureVm is null ? null : AzurePlacement.Of(item.AzureVm, azureVm?.SubnetId);
        var vmNetwork = vmPlacement?.Network ?? item.RecoveryNetwork ?? s.RecoveryNetworkId;
        var ps = await ProcessServerAsync(input.ProcessServer, cancellationToken);
        var mt = registry.FindMasterTarget(input.MasterTarget);
        var vCenter = mt is null ? null : await VCenterAsync(item, mt.VSphereServer, cancellationToken);
        // What the account cannot see it cannot judge: a master target it does not discover is not discovered (TS-6, PRE-3).
        var seesVms = vCenter is { Discovered: true, CanDiscoverVms: true };
        return new FailbackEnvironment
        {
            ConfigurationServer = new ConfigurationServerFacts(true, configuration.Holds(item), configuration.Running),
            Connectivity = await ConnectivityAsync(vmNetwork, vmAddress, ps is null ? null : registry.FindProcessServer(input.ProcessServer), mt?.Server, cancellationToken),
            AzureVm = new AzureVmFacts(
                azureVm?.PowerState == PowerState.Running,
                azureVm is not null && configuration.Running && AgentRegistered(item) && network.Check(vmAddress, csAddress, Https).Reachable,
                vmPlacement?.Model ?? DeploymentModel.ResourceManager, vmNetwork.ToString(), vmPlacement?.Vm.SubscriptionId ?? s.SubscriptionId),
            VCenter = vCenter,
            OriginalVm = seesVms ? await OriginalVmAsync(item, cancellationToken) : null,
            MasterTarget = seesVms ? await MasterTargetAsync(mt!, cancellationToken) : null,
            ProcessServer = ps,
            SourceDiskCount = item.Disks.Count,
        };
    }

    /// <summary>The Azure VM's mobility agent has re-registered with the configuration server since the VM booted.</summary>
    private bool AgentRegistered(VaultItem item) => item.AgentRegistersAt is not { } at || arm.Time.GetUtcNow() >= at;

    /// <summary>The process server as registered, running, and whether its heartbeat reaches the configuration server on 443 now (TS-5).</summary>
    private async Task<ProcessServerFacts?> ProcessServerAsync(string name, CancellationToken cancellationToken)
    {
        if (registry.FindProcessServer(name) is not { } ps) return null;
        // Before any job (a preflight) the heartbeat is judged by its route; a job's check sends one.
        var heartbeat = Preflight.Active ? configuration.HeartbeatWouldArrive(ps) : await configuration.HeartbeatAsync(ps, cancellationToken);
        // In Azure: the model, network and subscription of the VM ARM created for it (PS-2, PS-3).
        var placement = registry.AzureProcessServer(name);
        return new ProcessServerFacts(ps.Name, ps.Location == ServerLocation.Azure ? Site.Azure : Site.OnPremises, ps.ServicesRunning, heartbeat,
            placement?.Model ?? DeploymentModel.ResourceManager, placement?.Network?.ToString() ?? "", placement?.Vm.SubscriptionId ?? settings.SubscriptionId);
    }

    /// <summary>
    /// The recovery network exists (PRE-2); the path from Azure to the master target goes over a VPN or
    /// ExpressRoute (ER-1), one that ends on the VM's network (PRE-2, ER-2); and a circuit has public
    /// (Microsoft) peering for storage (ER-3). With no path, a circuit or VPN connection that exists
    /// elsewhere tells a link on the wrong network from no link at all.
    /// </summary>
    private async Task<ConnectivityFacts> ConnectivityAsync(ResourceId vmNetwork, string vmAddress, ProcessServer? ps, MasterTarget? mt, CancellationToken cancellationToken)
    {
        bool exists;
        try
        {
            await arm.GetAsync<VirtualNetwork>(vmNetwork, cancellationToken);
            exists = true;
        }
        catch (ArmException e) when (e.Status == 404)
        {
            exists = false;
        }
        // The link of the VM's network (PRE-2): through the Azure process server when it is there; one in another network is PS-3's refusal.
        var from = ps?.Location == ServerLocation.Azure && registry.AzureProcessServer(ps.Name)?.Network == vmNetwork ? ps.IpAddress : vmAddress;
        var to = mt?.IpAddress ?? settings.ConfigurationServerIp;
        var route = network.Check(from, to, Https);
        var subscription = ResourceId.Subscription(settings.SubscriptionId);
        var circuits = (await arm.ListAsync(subscription, "Microsoft.Network/expressRouteCircuits", cancellationToken)).OfType<ExpressRouteCircuit>().ToList();
        var connections = (await arm.ListAsync(subscription, "Microsoft.Network/connections", cancellationToken)).OfType<VirtualNetworkGatewayConnection>().ToList();
        var link = route.Crosses(LinkKind.ExpressRoutePrivate) || route.Crosses(LinkKind.ExpressRouteMicrosoft) ? SiteLink.ExpressRoute
            : route.Crosses(LinkKind.Vpn) ? SiteLink.Vpn
            : route.Reachable ? SiteLink.None
            : connections.Any(c => c.ConnectionType == ConnectionType.ExpressRoute) ? SiteLink.ExpressRoute
            : connections.Any(c => c.ConnectionType == ConnectionType.IPsec) ? SiteLink.Vpn
            : SiteLink.None;
        var publicPeering = circuits.Any(c => c.HasPeering(PeeringType.MicrosoftPeering) || c.HasPeering(PeeringType.AzurePublicPeering));
        return new ConnectivityFacts(exists, link, route.Reachable, publicPeering);
    }

    /// <summary>
    /// Discovered (TS-6), the account can see VMs (PRE-3), and ASR's reprotect dialog lists datastores: those the account
    /// may put disks on. A read-only account sees every datastore in vCenter, yet the dialog lists none (TS-1).
    /// </summary>
    private async Task<VCenterFacts> VCenterAsync(VaultItem item, string server, CancellationToken cancellationToken)
    {
        var discovered = registry.Discovered(server) && (item.VSphereServer is null || registry.Discovered(item.VSphereServer));
        if (!discovered) return new VCenterFacts(server, false, false, false);
        try
        {
            var session = registry.Session(server);
            var inventory = await session.RetrieveInventoryAsync(cancellationToken);
            var listed = false;
            foreach (var ds in inventory.Datastores)
                if (listed = await session.HasPrivilegeOnEntityAsync(ds.MoRef, AllocateSpace, cancellationToken)) break;
            return new VCenterFacts(server, true, inventory.Vms.Count > 0, listed);
        }
        catch (VSphereFault fault) when (fault.FaultType == VSphereFaultType.NoPermission)
        {
            return new VCenterFacts(server, true, false, false);
        }
    }

    private async Task<OriginalVmFacts?> OriginalVmAsync(VaultItem item, CancellationToken cancellationToken)
    {
        if (await registry.FindOriginalVmAsync(item, cancellationToken) is not { } vm) return null;
        var session = registry.Session(item.VSphereServer!);
        // The datastore from the disk's path ("[ds1] vm/vm.vmdk").
        var path = vm.Disks.Count > 0 ? vm.Disks[0].FileName : vm.VmPathName;
        var datastore = path.StartsWith('[') ? path[1..path.IndexOf(']', StringComparison.Ordinal)] : "";
        var host = await session.GetHostAsync(vm.Host, cancellationToken);
        return new OriginalVmFacts(vm.Name, datastore, session.About.IsVCenter, vm.HasSnapshots, host.Name, Licence(host.LicenseEdition));
    }

    private async Task<MasterTargetFacts> MasterTargetAsync(RegisteredMasterTarget mt, CancellationToken cancellationToken)
    {
        var session = registry.Session(mt.VSphereServer);
        var vm = await session.GetVirtualMachineAsync(mt.Vm, cancellationToken);
        var host = await session.GetHostAsync(vm.Host, cancellationToken);
        var datastores = new HashSet<string>(StringComparer.Ordinal);
        var types = new Dictionary<string, DatastoreType>(StringComparer.Ordinal);
        foreach (var ds in host.Datastores)
        {
            var info = await session.GetDatastoreAsync(ds, cancellationToken);
            if (!info.Accessible) continue;
            datastores.Add(info.Name);
            types[info.Name] = info.Type;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in host.Vms) names.Add((await session.GetVirtualMachineAsync(other, cancellationToken)).Name);
        var server = mt.Server;
        return new MasterTargetFacts
        {
            Name = server.Name,
            HostName = host.Name,
            HostLicence = Licence(host.LicenseEdition),
            ReachableDatastores = datastores,
            DatastoreTypes = types,
            // PRE-7 judges the value the running master target uses: one set while it runs waits for its next power-on.
            DiskEnableUuid = (vm.ExtraConfigInEffect ?? vm.ExtraConfig).TryGetValue(DiskEnableUuid, out var uuid) ? uuid : null,
            DiskEnableUuidConfigured = vm.ExtraConfig.TryGetValue(DiskEnableUuid, out var configured) ? configured : null,
            StorageVMotioned = vm.MigrationHistory.Any(m => m.Kind == MigrationRecord.StorageVMotion),
            Volumes = server.VolumeFacts(),
            IsLinux = server.IsLinux,
            OsName = server.Guest.OsName,
            Packages = server.Guest.Packages,
            CustomChangesApplied = server.CustomChangesApplied && !server.RebootPending,
            RegisteredWithConfigurationServer = server.Id is not null,
            AttachedDisks = server.AttachedDisks,
            VmNamesOnHost = names,
            HasSnapshots = vm.HasSnapshots,
            ParavirtualController = vm.ScsiController == ScsiControllerType.ParaVirtual,
            ToolsRunning = vm.ToolsRunningStatus == ToolsRunningStatus.GuestToolsRunning,
        };
    }

    private static HostLicence Licence(LicenseEdition edition) =>
        edition switch { LicenseEdition.Free => HostLicence.Free, LicenseEdition.Evaluation => HostLicence.Evaluation, _ => HostLicence.Paid };
}
