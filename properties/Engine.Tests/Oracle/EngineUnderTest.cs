using Failback.TestKit.Generators;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.VSphere;
using ConsistencyType = Failback.Engine.Replication.ConsistencyType;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;

namespace Failback.Engine.Tests.Oracle;

/// <summary>
/// The engine's side: the oracle's world turned into the facts discovery gathers (as VaultDiscovery does: what
/// an account cannot see is null), then the engine's own checks for the operation, as OperationRecipes runs them (the
/// failover back through the engine's own staged check over an <see cref="ISiteDiscovery"/> of the world). Virtual
/// members let a planted variant break one check.
/// </summary>
internal class EngineUnderTest
{
    public const string MasterTargetName = "mt-01";
    private static readonly ReprotectToOnPremisesInput Named = new(MasterTargetName, "ps-azure", "", "");

    public SortedSet<string> Refusals(OracleOperation operation, OracleWorld w)
    {
        var item = Item(w);
        IReadOnlyList<AsrError> errors = operation switch
        {
            OracleOperation.EnableProtection => ForwardPrerequisites.Check(ForwardPrerequisites.Enable, item with { State = ProtectionState.Unprotected }, "ps-onprem", Forward(w, needsDatabase: false)),
            OracleOperation.ReprotectToAzure => ForwardPrerequisites.Check(ForwardPrerequisites.ReprotectToAzure, item, "ps-onprem", Forward(w, needsDatabase: true)),
            OracleOperation.ReprotectToOnPremises => FailbackSupported(item)
                ? [.. FailbackPrerequisites.Check(item, Input(w), Facts(w)), .. GroupRefusals(w.GroupMasterTargets.Count == 0 ? [] : [MasterTargetName, .. w.GroupMasterTargets])]
                : [ErrorCatalog.FailbackNotSupported.Create("not offered")],
            OracleOperation.FailoverToOnPremises => FailoverToOnPremises(item with { LastReprotectToOnPremises = Input(w) }, new WorldDiscovery(w, FailoverFacts(w))),
            _ => [],
        };
        return new SortedSet<string>(errors.Select(e => e.Rule ?? e.Code), StringComparer.Ordinal);
    }

    protected virtual bool FailbackSupported(ProtectedItem item) => item.FailbackSupported;

    /// <summary>The group's checks over the master targets of all its members (a plan's reprotect, RP-9).</summary>
    protected virtual IEnumerable<AsrError> GroupRefusals(IReadOnlyList<string> memberMasterTargets) =>
        ReplicationGroupRules.MasterTargetRefusal("group-1", memberMasterTargets) is { } error ? [error] : [];

    /// <summary>The failover back's checks, as OperationRecipes runs them; the world's discovery answers at once.</summary>
    protected virtual IReadOnlyList<AsrError> FailoverToOnPremises(ProtectedItem item, ISiteDiscovery discovery) =>
        FailbackPrerequisites.CheckFailoverBackAsync(item, discovery, CancellationToken.None) is { IsCompletedSuccessfully: true } done
            ? done.Result
            : throw new InvalidOperationException("the world's discovery answers synchronously");

    /// <summary>The facts discovery gathers for failing back (the reprotect's, and by default the failover back's).</summary>
    protected virtual FailbackEnvironment Facts(OracleWorld w) => Failback(w);

    /// <summary>The facts the failover back gathers after the reprotect.</summary>
    protected virtual FailbackEnvironment FailoverFacts(OracleWorld w) => Facts(w);

    /// <summary>The group's multi-VM consistent point as the engine chooses it (a plan's failover): each member's point number.</summary>
    public IReadOnlyList<int>? GroupPoint(OraclePoint[][] members, bool appConsistent)
    {
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var points = members.Select((m, i) => ($"vm-{i}", (IReadOnlyList<RecoveryPoint>)[.. m.Select(p =>
            new RecoveryPoint(p.Number, p.AppConsistent ? ConsistencyType.AppConsistent : ConsistencyType.CrashConsistent, epoch.AddMinutes(p.Minute), p.Number))]))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        return CommonPoint(points, appConsistent ? RecoveryPointType.LatestTag : RecoveryPointType.LatestTime) is { } chosen
            ? [.. points.Keys.Select(id => (int)chosen[id].Number)]
            : null;
    }

    protected virtual IReadOnlyDictionary<string, RecoveryPoint>? CommonPoint(IReadOnlyDictionary<string, IReadOnlyList<RecoveryPoint>> points, RecoveryPointType type) =>
        ReplicationGroupRules.CommonPoint(points, type);

    /// <summary>Discovery of the oracle's world: one vCenter, the item's and the master target's.</summary>
    private sealed class WorldDiscovery(OracleWorld w, FailbackEnvironment failback) : ISiteDiscovery
    {
        public Task<FailbackEnvironment> DescribeFailbackAsync(ProtectedItem item, ReprotectToOnPremisesInput input, CancellationToken cancellationToken) =>
            Task.FromResult(failback);

        public Task<ForwardEnvironment> DescribeForwardAsync(ProtectedItem item, string processServer, CancellationToken cancellationToken) =>
            Task.FromResult(Forward(w, needsDatabase: true));

        public Task<ConfigurationServerFacts> DescribeConfigurationServerAsync(ProtectedItem item, CancellationToken cancellationToken) =>
            Task.FromResult(new ConfigurationServerFacts(true, w.ItemInCsDatabase, w.CsRunning));

        public Task<VCenterFacts?> DescribeOnPremisesVCenterAsync(ProtectedItem item, CancellationToken cancellationToken) =>
            Task.FromResult<VCenterFacts?>(Account(w));
    }

    /// <summary>The vCenter account as discovery reads it: undiscovered, unable to see VMs, read-only (no datastores), or able.</summary>
    private static VCenterFacts Account(OracleWorld w)
    {
        var discovered = w.VCenterRole != "undiscovered";
        var seesVms = discovered && w.VCenterRole != "no-vm-permission";
        return new VCenterFacts("vc-01", discovered, seesVms, seesVms && w.VCenterRole != "read-only");
    }

    private static ProtectedItem Item(OracleWorld w) => new()
    {
        Id = "vm-1", Name = "app-01", Kind = w.Physical ? MachineKind.PhysicalServer : MachineKind.VmwareVm, OsName = w.ItemOs,
        State = ProtectionState.Protected,
    };

    private static ReprotectToOnPremisesInput Input(OracleWorld w) => Named with { Datastore = w.DatastoreChoice, RetentionVolume = w.RetentionChoice };

    private static ForwardEnvironment Forward(OracleWorld w, bool needsDatabase) => new(
        new ConfigurationServerFacts(true, !needsDatabase || w.ItemInCsDatabase, w.CsRunning),
        w.PsOnPremRegistered ? new ProcessServerFacts("ps-onprem", Site.OnPremises, w.PsOnPremRunning, w.PsOnPremHeartbeat, DeploymentModel.ResourceManager, "", "sub") : null);

    private static DatastoreType TypeOf(string vSphereType) =>
        vSphereType switch { "NFS" => DatastoreType.Nfs, "NFS41" => DatastoreType.Nfs41, "vsan" => DatastoreType.Vsan, _ => DatastoreType.Vmfs };

    private static HostLicence Licence(string licence) => licence switch { "free" => HostLicence.Free, "evaluation" => HostLicence.Evaluation, _ => HostLicence.Paid };

    private static IEnumerable<VolumeFacts> SystemPartitions(OracleWorld w) => !w.MtLinux ? [] :
        [
            new("/", w.MtLayoutExt4 ? "ext4" : "xfs", 20L << 30, "operating system"), new("/var/crash", "ext4", 10L << 30, "operating system"),
            new("/home", "ext4", 10L << 30, "operating system"), new("swap", "swap", 4L << 30, "operating system"),
        ];

    private static FailbackEnvironment Failback(OracleWorld w)
    {
        var link = w.Link switch { "er" => SiteLink.ExpressRoute, "vpn" => SiteLink.Vpn, _ => SiteLink.None };
        // As SiteFacts: the account is judged on the named master target's vCenter, so an unregistered one gives none to judge.
        var account = w.MtDiscovered ? Account(w) : null;
        var seesVms = account is { CanDiscoverVms: true };
        var mtHost = "esx-01";
        return new FailbackEnvironment
        {
            ConfigurationServer = new ConfigurationServerFacts(true, w.ItemInCsDatabase, w.CsRunning),
            Connectivity = new ConnectivityFacts(w.AzureNetworkExists, link, w.LinkOnVmNetwork, w.PublicPeering),
            AzureVm = new AzureVmFacts(true, w.CsRunning && !w.VmBlockedTo443 && link != SiteLink.None, DeploymentModel.ResourceManager, "recovery-vnet", "sub"),
            VCenter = account,
            ProcessServer = new ProcessServerFacts("ps-azure", w.PsInAzure ? Site.Azure : Site.OnPremises, w.PsRunning, w.PsHeartbeat,
                w.PsModelMatches ? DeploymentModel.ResourceManager : DeploymentModel.Classic, w.PsNetworkMatches ? "recovery-vnet" : "other-vnet", "sub"),
            OriginalVm = seesVms && w.OriginalExists
                ? new OriginalVmFacts("app-01", w.OriginalDatastore, w.OriginalOnVCenter, w.OriginalSnapshots,
                    w.OriginalOnMtHost ? mtHost : "esx-02", w.OriginalOnMtHost ? Licence(w.MtHostLicence) : Licence(w.OriginalHostLicence))
                : null,
            MasterTarget = seesVms ? new MasterTargetFacts
            {
                Name = MasterTargetName,
                HostName = mtHost,
                OnEsxiHost = w.MtOnEsxi,
                HostDiscovered = w.MtHostDiscovered,
                HostLicence = Licence(w.MtHostLicence),
                ReachableDatastores = new HashSet<string>(w.MtDatastores, StringComparer.Ordinal),
                DatastoreTypes = w.MtDatastores.ToDictionary(d => d, d => TypeOf(w.DatastoreTypes.GetValueOrDefault(d, "VMFS")), StringComparer.Ordinal),
                DiskEnableUuid = w.MtEnableUuid,
                StorageVMotioned = w.MtStorageVMotioned,
                // As MasterTarget.VolumeFacts reports them; a Linux master target also has its system partitions (MT-2).
                Volumes = [.. w.Volumes.Select(v => new VolumeFacts(v.Name, v.FileSystem, v.Size, v.UsedFor, v.Locked, v.Install)), .. SystemPartitions(w)],
                IsLinux = w.MtLinux,
                OsName = w.MtOs,
                Packages = new HashSet<string>(
                    (w.MtPackagesComplete ? LinuxMasterTarget.Packages : LinuxMasterTarget.Packages.Skip(1))
                    .Concat(w.MtReiserFsPackages ? LinuxMasterTarget.ReiserFsPackages.Where(p => w.MtPackagesComplete || p != "xfsprogs") : []), StringComparer.Ordinal),
                CustomChangesApplied = w.MtCustomChanges,
                RegisteredWithConfigurationServer = w.MtRegistered,
                AttachedDisks = w.MtAttachedDisks,
                HasSnapshots = w.MtSnapshots,
                ParavirtualController = w.MtParavirtual,
                ToolsRunning = w.MtToolsRunning,
                VmNamesOnHost = w.SameNameVmOnMtHost ? new HashSet<string>(["app-01"], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
            } : null,
            SourceBootFileSystem = w.SourceBootFs,
            SourceDiskCount = w.ItemDisks,
        };
    }
}
