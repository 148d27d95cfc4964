using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Services;
using Prerequisite = Failback.Engine.Orchestration.Prerequisites.PrerequisiteCheck<Failback.Engine.Orchestration.Prerequisites.FailbackRequest>;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The prerequisite lists of failing back: the reprotect from Azure to on-premises, and the failover back, which
/// repeats what can change after the reprotect. Each entry is one rule's [RuleCheck] function; the order is the
/// order the failures are reported in.
/// </summary>
internal static class FailbackPrerequisites
{
    public static IReadOnlyList<Prerequisite> ReprotectToOnPremises { get; } =
    [
        Prerequisite.Of(FailbackOffer.Refusal),
        Prerequisite.Of(ConfigurationServerChecks.TakesPart, r => r.Environment.ConfigurationServer),
        Prerequisite.Of(LinkChecks.SiteConnected, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.ExpressRouteOnVmNetwork, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.ExpressRoutePublicPeering, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.AzureNetworkReachesSite, r => r),
        Prerequisite.Of(VCenterAccess.Discovered, r => r.Environment.VCenter),
        Prerequisite.Of(VCenterAccess.DiscoversVms, r => r.Environment.VCenter),
        Prerequisite.Of(VCenterAccess.ListsDatastores, r => r.Environment.VCenter),
        Prerequisite.Of(ProcessServerChecks.FailbackServerRunning, r => r),
        Prerequisite.Of(ProcessServerChecks.Architecture, r => r),
        Prerequisite.Of(ProcessServerChecks.DeploymentModelMatches, r => r),
        Prerequisite.Of(ProcessServerChecks.InVmNetwork, r => r),
        Prerequisite.Of(ProcessServerChecks.Heartbeat, RunningProcessServer),
        Prerequisite.Of(MasterTargetChecks.Discovered, r => r),
        Prerequisite.Of(MasterTargetChecks.OnEsxiHost, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.HostDiscovered, r => r),
        Prerequisite.Of(MasterTargetChecks.HostsLicensed, r => r),
        Prerequisite.Of(MasterTargetChecks.DiskEnableUuid, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.NotStorageVMotioned, r => r),
        Prerequisite.Of(MasterTargetChecks.NoSnapshots, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.LsiLogicController, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.ToolsRunning, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.Capacity, r => r),
        Prerequisite.Of(MasterTargetChecks.HasRetentionDrive, r => r.Environment.MasterTarget),
        Prerequisite.Of(RetentionVolumes.NamedVolumeListed, r => r),
        Prerequisite.Of(MasterTargetChecks.WindowsRegistered, r => r.Environment.MasterTarget),
        Prerequisite.Of(LinuxMasterTarget.Layout, r => r.Environment.MasterTarget),
        Prerequisite.Of(LinuxMasterTarget.PackagesInstalled, r => r),
        Prerequisite.Of(LinuxMasterTarget.CustomChangesApplied, r => r.Environment.MasterTarget),
        Prerequisite.Of(OriginalVmChecks.DatastoresReachable, r => r),
        Prerequisite.Of(MasterTargetChecks.NotNfs, r => r),
        Prerequisite.Of(OriginalVmChecks.NoSnapshots, r => r),
        Prerequisite.Of(OriginalVmChecks.NewVmNameFree, r => r),
    ];

    /// <summary>What the failover back repeats, because the world can change after the reprotect (issue 16's matrix).</summary>
    public static IReadOnlyList<Prerequisite> FailoverToOnPremises { get; } =
    [
        Prerequisite.Of(ConfigurationServerChecks.TakesPart, r => r.Environment.ConfigurationServer),
        Prerequisite.Of(LinkChecks.SiteConnected, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.ExpressRouteOnVmNetwork, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.ExpressRoutePublicPeering, r => r.Environment.Connectivity),
        Prerequisite.Of(LinkChecks.AzureNetworkReachesSite, r => r),
        Prerequisite.Of(ProcessServerChecks.FailbackServerRunning, r => r),
        Prerequisite.Of(MasterTargetChecks.Discovered, r => r),
        Prerequisite.Of(MasterTargetChecks.NotStorageVMotioned, r => r),
        Prerequisite.Of(MasterTargetChecks.NoSnapshots, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.ToolsRunning, r => r.Environment.MasterTarget),
        Prerequisite.Of(MasterTargetChecks.HostsLicensed, r => r),
    ];

    /// <summary>
    /// Before the failover back gathers the whole environment it asks the configuration server that drives it
    /// (PRE-6) and the vCenter account it acts through: both are checked before the Azure VM is shut down.
    /// </summary>
    public static IReadOnlyList<PrerequisiteCheck<ConfigurationServerFacts>> FailoverServer { get; } =
    [
        PrerequisiteCheck<ConfigurationServerFacts>.Of(ConfigurationServerChecks.TakesPart, s => s),
    ];

    /// <inheritdoc cref="FailoverServer"/>
    public static IReadOnlyList<PrerequisiteCheck<VCenterFacts>> FailoverAccount { get; } =
    [
        PrerequisiteCheck<VCenterFacts>.Of(VCenterAccess.Discovered, v => v),
        PrerequisiteCheck<VCenterFacts>.Of(VCenterAccess.DiscoversVms, v => v),
        PrerequisiteCheck<VCenterFacts>.Of(VCenterAccess.ListsDatastores, v => v),
    ];

    public static IReadOnlyList<AsrError> Check(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env) =>
        Prerequisite.Run(ReprotectToOnPremises, item, new FailbackRequest(input, env));

    public static IReadOnlyList<AsrError> CheckFailover(ProtectedItem item, ReprotectToOnPremisesInput input, FailbackEnvironment env) =>
        Prerequisite.Run(FailoverToOnPremises, item, new FailbackRequest(input, env, AtFailover: true));

    /// <summary>
    /// The failover back's checks in the order it can ask, each stage only when the one before holds, all before the Azure
    /// VM is shut down: the configuration server that drives it (PRE-6), the vCenter account it acts through (TS-6, PRE-3,
    /// TS-1), then what the reprotect checked and can have changed since (a storage vMotion, a snapshot or VMware Tools of
    /// the master target, a licence, the link).
    /// </summary>
    public static async Task<IReadOnlyList<AsrError>> CheckFailoverBackAsync(ProtectedItem item, ISiteDiscovery discovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        if (PrerequisiteCheck<ConfigurationServerFacts>.Run(FailoverServer, item, await discovery.DescribeConfigurationServerAsync(item, cancellationToken))
            is { Count: > 0 } serverErrors)
            return serverErrors;
        if (await discovery.DescribeOnPremisesVCenterAsync(item, cancellationToken) is { } vCenter &&
            PrerequisiteCheck<VCenterFacts>.Run(FailoverAccount, item, vCenter) is { Count: > 0 } accountErrors)
            return accountErrors;
        return item.LastReprotectToOnPremises is { } reprotect
            ? CheckFailover(item, reprotect, await discovery.DescribeFailbackAsync(item, reprotect, cancellationToken))
            : [];
    }

    /// <summary>Failback judges the heartbeat of a running process server; a stopped one is PRE-5's to report.</summary>
    private static ProcessServerFacts? RunningProcessServer(FailbackRequest request) =>
        request.Environment.ProcessServer is { Running: true } ps ? ps : null;
}
