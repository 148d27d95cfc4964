using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The prerequisite checks of a reprotect from Azure to on-premises: every seed rule a failback can
/// fail on, judged on the facts the discovery gathered. All failures are reported, not just the first,
/// so one failed job tells the engineer everything to fix.
/// </summary>
internal static class FailbackPrerequisites
{
    public const int MaxMasterTargetDisks = 60;

    public static IReadOnlyList<AsrError> Check(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(env);
        var errors = new List<AsrError>();
        CheckConfigurationServer(item, env.ConfigurationServer, errors);
        CheckConnectivity(env.Connectivity, errors);
        CheckAzureVm(item, env.AzureVm, errors);
        CheckVCenter(env.VCenter, errors);
        CheckProcessServer(input, env, errors);
        CheckMasterTarget(item, input, env, errors);
        return errors;
    }

    /// <summary>
    /// The checks a failover from Azure to on-premises repeats, because the world can change after the reprotect:
    /// the configuration server (PRE-6), the link (PRE-2, ER-1), the Azure process server still running (PRE-5),
    /// and the master target not storage-vMotioned (PRE-8) on a licensed host, as is the host the VM returns to (TS-4).
    /// </summary>
    public static IReadOnlyList<AsrError> CheckFailover(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(env);
        var errors = new List<AsrError>();
        CheckConfigurationServer(item, env.ConfigurationServer, errors);
        CheckConnectivity(env.Connectivity, errors);
        if (env.ProcessServer is not { } ps)
            errors.Add(ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{input.ProcessServer}' is not registered"));
        else if (ps.Location == Site.Azure && !ps.Running)
            errors.Add(ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{ps.Name}' in Azure is not running"));
        if (env.MasterTarget is not { } mt)
        {
            errors.Add(ErrorCatalog.MasterTargetNotDiscovered.Create($"master target '{input.MasterTarget}' is not discovered"));
            return errors;
        }
        if (mt.StorageVMotioned)
            errors.Add(ErrorCatalog.MasterTargetStorageVMotion.Create($"master target '{mt.Name}' was storage-vMotioned after the reprotect"));
        CheckLicences(mt, env.OriginalVm, errors);
        return errors;
    }

    /// <summary>TS-4 on every host failback uses: the master target's, and the host the original VM returns to.</summary>
    private static void CheckLicences(MasterTargetFacts mt, OriginalVmFacts? vm, List<AsrError> errors)
    {
        if (mt.HostLicence == HostLicence.Free)
            errors.Add(ErrorCatalog.FreeEsxiLicence.Create($"ESXi host '{mt.HostName}' of master target '{mt.Name}' runs a free licence"));
        if (vm is { HostLicence: HostLicence.Free } && !string.Equals(vm.HostName, mt.HostName, StringComparison.Ordinal))
            errors.Add(ErrorCatalog.FreeEsxiLicence.Create($"ESXi host '{vm.HostName}' that VM '{vm.Name}' returns to runs a free licence"));
    }

    private static void CheckConfigurationServer(ProtectedItem item, ConfigurationServerFacts cs, List<AsrError> errors)
    {
        if (cs.Refusal(item) is { } error) errors.Add(error);
    }

    private static void CheckConnectivity(ConnectivityFacts net, List<AsrError> errors)
    {
        if (!net.AzureNetworkExists)
        {
            errors.Add(ErrorCatalog.AzureNetworkMissing.Create("the Azure network of the failed-over VM does not exist"));
            return;
        }
        switch (net.Link)
        {
            case SiteLink.None:
                errors.Add(ErrorCatalog.NoSiteConnection.Create("neither a site-to-site VPN nor ExpressRoute connects Azure to the on-premises site"));
                break;
            case SiteLink.Vpn when !net.LinkOnVmNetwork:
                errors.Add(ErrorCatalog.AzureNetworkMissing.Create("the VPN does not end on the Azure network that holds the failed-over VM"));
                break;
            case SiteLink.ExpressRoute:
                if (!net.LinkOnVmNetwork)
                    errors.Add(ErrorCatalog.ExpressRouteNetwork.Create("the circuit is not connected to the failed-over VM's virtual network"));
                if (!net.ExpressRoutePublicPeering)
                    errors.Add(ErrorCatalog.ExpressRoutePublicPeering.Create("the circuit has no public peering to the target region"));
                break;
        }
    }

    private static void CheckAzureVm(ProtectedItem item, AzureVmFacts vm, List<AsrError> errors)
    {
        if (!vm.Running)
            errors.Add(ErrorCatalog.AzureVmNotRunning.Create($"the Azure VM of '{item.Name}' is not running"));
        else if (!vm.ReachesConfigurationServer)
            errors.Add(ErrorCatalog.AzureVmCannotReachConfigurationServer.Create($"the Azure VM of '{item.Name}' cannot reach the configuration server"));
    }

    private static void CheckVCenter(VCenterFacts? vCenter, List<AsrError> errors)
    {
        if (vCenter is not null && VCenterAccess.Refusal(vCenter) is { } error) errors.Add(error);
    }

    private static void CheckProcessServer(ReprotectToOnPremisesInput input, FailbackEnvironment env, List<AsrError> errors)
    {
        if (env.ProcessServer is not { } ps)
        {
            errors.Add(ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{input.ProcessServer}' is not registered"));
            return;
        }
        if (ps.Location == Site.OnPremises)
        {
            if (env.Connectivity.Link != SiteLink.ExpressRoute)
                errors.Add(ErrorCatalog.ProcessServerArchitecture.Create($"process server '{ps.Name}' is on-premises and the site link is {env.Connectivity.Link}, not ExpressRoute"));
        }
        else
        {
            if (!ps.Running)
                errors.Add(ErrorCatalog.ProcessServerInAzureMissing.Create($"process server '{ps.Name}' in Azure is not running"));
            if (ps.Model != env.AzureVm.Model)
                errors.Add(ErrorCatalog.ProcessServerDeploymentModel.Create($"process server '{ps.Name}' is {ps.Model}, the recovered VM is {env.AzureVm.Model}"));
            if (!string.Equals(ps.Network, env.AzureVm.Network, StringComparison.Ordinal) || !string.Equals(ps.Subscription, env.AzureVm.Subscription, StringComparison.Ordinal))
                errors.Add(ErrorCatalog.ProcessServerNetwork.Create(
                    $"process server '{ps.Name}' is in network '{ps.Network}' of subscription '{ps.Subscription}', the VM in '{env.AzureVm.Network}' of '{env.AzureVm.Subscription}'"));
        }
        if (ps.Running && !ps.Heartbeat)
            errors.Add(ErrorCatalog.ProcessServerNoHeartbeat.Create($"process server '{ps.Name}' has not reached the configuration server on port 443"));
    }

    private static void CheckMasterTarget(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env, List<AsrError> errors)
    {
        if (env.MasterTarget is not { } mt)
        {
            errors.Add(ErrorCatalog.MasterTargetNotDiscovered.Create($"master target '{input.MasterTarget}' is not discovered"));
            return;
        }
        if (!mt.OnEsxiHost)
            errors.Add(ErrorCatalog.NotVmware.Create($"master target '{mt.Name}' is not a VM on an ESXi host"));
        if (!mt.HostDiscovered)
            errors.Add(ErrorCatalog.MasterTargetHostDiscovery.Create($"ESXi host '{mt.HostName}' of master target '{mt.Name}' is not discovered yet"));
        CheckLicences(mt, env.OriginalVm, errors);
        if (!string.Equals(mt.DiskEnableUuid, "True", StringComparison.Ordinal))
            errors.Add(ErrorCatalog.DiskEnableUuid.Create(mt.DiskEnableUuid is null
                ? $"master target '{mt.Name}' has no disk.EnableUUID row"
                : $"master target '{mt.Name}' has disk.EnableUUID = '{mt.DiskEnableUuid}', not 'True'"));
        if (mt.StorageVMotioned)
            errors.Add(ErrorCatalog.MasterTargetStorageVMotion.Create($"master target '{mt.Name}' was storage-vMotioned"));
        if (mt.AttachedDisks + env.SourceDiskCount > MaxMasterTargetDisks)
            errors.Add(ErrorCatalog.MasterTargetCapacity.Create(
                $"master target '{mt.Name}' has {mt.AttachedDisks} disks attached and '{item.Name}' needs {env.SourceDiskCount} more (limit {MaxMasterTargetDisks})"));
        CheckRetentionVolume(input, mt, errors);
        CheckMasterTargetOs(mt, env.SourceBootFileSystem, errors);
        CheckDatastores(item, input, env, mt, errors);
    }

    private static void CheckRetentionVolume(ReprotectToOnPremisesInput input, MasterTargetFacts mt, List<AsrError> errors)
    {
        if (!RetentionVolumes.Eligible(mt.Volumes).Any())
        {
            errors.Add(ErrorCatalog.RetentionDriveMissing.Create($"master target '{mt.Name}' has no volume that can hold the retention journal"));
            return;
        }
        var volume = mt.Volumes.FirstOrDefault(v => string.Equals(v.Name, input.RetentionVolume, StringComparison.Ordinal));
        if (volume is null)
            errors.Add(ErrorCatalog.RetentionVolumeNotEligible.Create($"master target '{mt.Name}' has no volume '{input.RetentionVolume}'"));
        else if (RetentionVolumes.WhyNotEligible(volume) is { Count: > 0 } why)
            errors.Add(ErrorCatalog.RetentionVolumeNotEligible.Create($"volume '{volume.Name}' of master target '{mt.Name}' is not listed: {string.Join("; ", why)}"));
    }

    private static void CheckMasterTargetOs(MasterTargetFacts mt, string sourceBootFileSystem, List<AsrError> errors)
    {
        if (!mt.IsLinux)
        {
            if (!mt.RegisteredWithConfigurationServer)
                errors.Add(ErrorCatalog.WindowsMasterTargetRegistration.Create($"master target '{mt.Name}' is not registered"));
            return;
        }
        foreach (var problem in LinuxMasterTarget.OsProblems(mt.Name, mt.OsName, mt.Volumes))
            errors.Add(ErrorCatalog.LinuxMasterTargetOs.Create(problem));
        var missing = LinuxMasterTarget.MissingPackages(mt.Packages, sourceBootFileSystem);
        if (missing.Count > 0)
            errors.Add(ErrorCatalog.LinuxMasterTargetPackages.Create($"master target '{mt.Name}' lacks {string.Join(", ", missing)}"));
        if (!mt.CustomChangesApplied)
            errors.Add(ErrorCatalog.LinuxMasterTargetCustomChanges.Create($"master target '{mt.Name}' has not applied ApplyCustomChanges.sh and rebooted"));
    }

    private static void CheckDatastores(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env, MasterTargetFacts mt, List<AsrError> errors)
    {
        if (!mt.ReachableDatastores.Contains(input.Datastore))
            errors.Add(ErrorCatalog.DatastoreNotAccessible.Create($"datastore '{input.Datastore}' is not mounted on host '{mt.HostName}' of master target '{mt.Name}'"));
        if (env.OriginalVm is { } vm)
        {
            if (vm.HasSnapshots)
                errors.Add(ErrorCatalog.VmHasSnapshots.Create($"on-premises VM '{vm.Name}' has snapshots"));
            if (!mt.ReachableDatastores.Contains(vm.Datastore))
                errors.Add((vm.ManagedByVCenter ? ErrorCatalog.DatastoreNotAccessible : ErrorCatalog.StandaloneDatastoreNotAccessible)
                    .Create($"VM '{vm.Name}' is on datastore '{vm.Datastore}', which host '{mt.HostName}' of master target '{mt.Name}' does not reach"));
        }
        else if (mt.VmNamesOnHost.Contains(item.Name))
        {
            errors.Add(ErrorCatalog.VmNameExistsOnMasterTargetHost.Create($"host '{mt.HostName}' already has a VM named '{item.Name}'"));
        }
    }
}
