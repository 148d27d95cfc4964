using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>Each way a reprotect to on-premises can fail its prerequisites, with the code ASR (or the seed rule) gives it.</summary>
public sealed class FailbackPrerequisiteTests
{
    private static readonly ProtectedItem Vm = new() { Id = "vm-1", Name = "app-01", State = ProtectionState.FailoverCommittedInAzure, ActiveLocation = Site.Azure };

    private static readonly Dictionary<string, (Func<FailbackEnvironment, FailbackEnvironment> Bend, string Code)> Cases = new()
    {
        ["configuration server in Azure"] = (e => e with { ConfigurationServer = new(OnPremises: false, ItemInDatabase: true) }, "PRE-6"),
        ["item missing from the CS database"] = (e => e with { ConfigurationServer = new(OnPremises: true, ItemInDatabase: false) }, "PRE-6"),
        ["no Azure network"] = (e => e with { Connectivity = e.Connectivity with { AzureNetworkExists = false } }, "PRE-2"),
        ["VPN on another network"] = (e => e with { Connectivity = e.Connectivity with { LinkOnVmNetwork = false } }, "PRE-2"),
        ["no VPN or ExpressRoute"] = (e => e with { Connectivity = e.Connectivity with { Link = SiteLink.None } }, "ER-1"),
        ["ExpressRoute on another network"] = (e => e with { Connectivity = new(true, SiteLink.ExpressRoute, LinkOnVmNetwork: false, ExpressRoutePublicPeering: true) }, "ER-2"),
        ["ExpressRoute without public peering"] = (e => e with { Connectivity = new(true, SiteLink.ExpressRoute, LinkOnVmNetwork: true, ExpressRoutePublicPeering: false) }, "ER-3"),
        ["Azure VM stopped"] = (e => e with { AzureVm = e.AzureVm with { Running = false } }, "78093"),
        ["Azure VM cannot reach the CS"] = (e => e with { AzureVm = e.AzureVm with { ReachesConfigurationServer = false } }, "95226"),
        ["other vCenter not discovered"] = (e => e with { VCenter = e.VCenter! with { Discovered = false } }, "TS-6"),
        ["account cannot discover VMs"] = (e => e with { VCenter = e.VCenter! with { CanDiscoverVms = false } }, "PRE-3"),
        ["read-only vCenter account"] = (e => e with { VCenter = e.VCenter! with { CanListDatastores = false } }, "TS-1"),
        ["no process server"] = (e => e with { ProcessServer = null }, "PRE-5"),
        ["process server in Azure stopped"] = (e => e with { ProcessServer = e.ProcessServer! with { Running = false } }, "PRE-5"),
        ["on-premises process server over VPN"] = (e => e with { ProcessServer = e.ProcessServer! with { Location = Site.OnPremises } }, "CYC-2"),
        ["classic process server for an ARM VM"] = (e => e with { ProcessServer = e.ProcessServer! with { Model = DeploymentModel.Classic } }, "PS-2"),
        ["process server in another network"] = (e => e with { ProcessServer = e.ProcessServer! with { Network = "vnet-other" } }, "PS-3"),
        ["process server in another subscription"] = (e => e with { ProcessServer = e.ProcessServer! with { Subscription = "sub-2" } }, "PS-3"),
        ["process server without heartbeat"] = (e => e with { ProcessServer = e.ProcessServer! with { Heartbeat = false } }, "TS-5"),
        ["master target not discovered"] = (e => e with { MasterTarget = null }, "LOC-4"),
        ["physical master target"] = (e => e with { MasterTarget = e.MasterTarget! with { OnEsxiHost = false } }, "PRE-1"),
        ["master target host not discovered"] = (e => e with { MasterTarget = e.MasterTarget! with { HostDiscovered = false } }, "LOC-6"),
        ["free ESXi licence"] = (e => e with { MasterTarget = e.MasterTarget! with { HostLicence = HostLicence.Free } }, "TS-4"),
        ["disk.EnableUUID row missing"] = (e => e with { MasterTarget = e.MasterTarget! with { DiskEnableUuid = null } }, "PRE-7"),
        ["disk.EnableUUID lower case"] = (e => e with { MasterTarget = e.MasterTarget! with { DiskEnableUuid = "true" } }, "PRE-7"),
        ["disk.EnableUUID quoted"] = (e => e with { MasterTarget = e.MasterTarget! with { DiskEnableUuid = "\"True\"" } }, "PRE-7"),
        ["master target storage-vMotioned"] = (e => e with { MasterTarget = e.MasterTarget! with { StorageVMotioned = true } }, "PRE-8"),
        ["master target full of disks"] = (e => e with { MasterTarget = e.MasterTarget! with { AttachedDisks = 58 }, SourceDiskCount = 3 }, "MT-1"),
        ["no retention drive"] = (e => e with { MasterTarget = e.MasterTarget! with { Volumes = [new("C:", "NTFS", 1L << 30, IsCacheVolume: true)] } }, "PRE-9"),
        ["retention volume not on the master target"] = (e => e with { MasterTarget = WithVolume(e, new("S:", "NTFS", 1L << 30)) }, "RP-4"),
        ["retention volume FAT32"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "FAT32", 1L << 30)) }, "RP-4"),
        ["retention volume locked"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "NTFS", 1L << 30, Locked: true)) }, "RP-4"),
        ["retention volume is the cache volume"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "NTFS", 1L << 30, IsCacheVolume: true)) }, "RP-4"),
        ["retention volume is a replication target"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "NTFS", 1L << 30, UsedFor: "a replication target")) }, "RP-4"),
        ["retention volume empty"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "NTFS", 0)) }, "RP-4"),
        ["Linux master target on Ubuntu"] = (e => e with { MasterTarget = LinuxMasterTarget(e) with { OsName = "Ubuntu 16.04" } }, "MT-2"),
        ["Linux master target without swap"] = (e => e with { MasterTarget = LinuxMasterTarget(e) is var mt ? mt with { Volumes = [.. mt.Volumes.Where(v => v.FileSystem != "swap")] } : null }, "MT-2"),
        ["retention volume is vfat"] = (e => e with { MasterTarget = WithVolume(e, new("R:", "vfat", 1L << 30)) }, "RP-4"),
        ["Linux master target without lsscsi"] = (e => e with { MasterTarget = LinuxMasterTarget(e) with { Packages = Packages(Failback.Engine.Orchestration.Prerequisites.LinuxMasterTarget.Packages.Except(["lsscsi"])) } }, "MT-4"),
        ["XFS source without ReiserFS support"] = (e => e with { MasterTarget = LinuxMasterTarget(e), SourceBootFileSystem = "xfs" }, "MT-4"),
        ["custom changes not applied"] = (e => e with { MasterTarget = LinuxMasterTarget(e) with { CustomChangesApplied = false } }, "MT-5"),
        ["Windows master target not registered"] = (e => e with { MasterTarget = e.MasterTarget! with { RegisteredWithConfigurationServer = false } }, "MT-3"),
        ["chosen datastore not on the master target's host"] = (e => e with
        {
            MasterTarget = e.MasterTarget! with { ReachableDatastores = Packages(["datastore2"]) },
            OriginalVm = e.OriginalVm! with { Datastore = "datastore2" },
        }, "8061"),
        ["original VM's datastore not on the master target's host"] = (e => e with { OriginalVm = e.OriginalVm! with { Datastore = "datastore9" } }, "8061"),
        ["standalone ESXi VM's datastore not reachable"] = (e => e with { OriginalVm = e.OriginalVm! with { Datastore = "datastore9", ManagedByVCenter = false }, VCenter = null }, "8061"),
        ["original VM has snapshots"] = (e => e with { OriginalVm = e.OriginalVm! with { HasSnapshots = true } }, "PRE-4"),
        ["disk.EnableUUID set while the master target runs"] = (e => e with { MasterTarget = e.MasterTarget! with { DiskEnableUuid = null, DiskEnableUuidConfigured = "True" } }, "PRE-7"),
        ["master target has snapshots"] = (e => e with { MasterTarget = e.MasterTarget! with { HasSnapshots = true } }, "MT-6"),
        ["master target on a Paravirtual SCSI controller"] = (e => e with { MasterTarget = e.MasterTarget! with { ParavirtualController = true } }, "MT-7"),
        ["VMware Tools not running on the master target"] = (e => e with { MasterTarget = e.MasterTarget! with { ToolsRunning = false } }, "MT-8"),
        ["original VM on an NFS datastore"] = (e => e with { MasterTarget = e.MasterTarget! with { DatastoreTypes = Types((e.OriginalVm!.Datastore, DatastoreType.Nfs)) } }, "RP-10"),
        ["new disks on an NFS datastore"] = (e => e with { OriginalVm = null, MasterTarget = e.MasterTarget! with { DatastoreTypes = Types((Harness.Back.Datastore, DatastoreType.Nfs41)) } }, "RP-10"),
        ["new VM's name taken on the master target's host"] = (e => e with { OriginalVm = null, MasterTarget = e.MasterTarget! with { VmNamesOnHost = Packages(["app-01"]) } }, "78052"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    [Trait("Rule", "PRE-1")] [Trait("Rule", "PRE-2")] [Trait("Rule", "PRE-3")] [Trait("Rule", "PRE-4")] [Trait("Rule", "PRE-5")]
    [Trait("Rule", "PRE-6")] [Trait("Rule", "PRE-7")] [Trait("Rule", "PRE-8")] [Trait("Rule", "PRE-9")]
    [Trait("Rule", "LOC-4")] [Trait("Rule", "LOC-5")] [Trait("Rule", "LOC-6")] [Trait("Rule", "CYC-2")]
    [Trait("Rule", "TS-1")] [Trait("Rule", "TS-4")] [Trait("Rule", "TS-5")] [Trait("Rule", "TS-6")]
    [Trait("Rule", "PS-2")] [Trait("Rule", "PS-3")] [Trait("Rule", "ER-1")] [Trait("Rule", "ER-2")] [Trait("Rule", "ER-3")]
    [Trait("Rule", "MT-1")] [Trait("Rule", "MT-2")] [Trait("Rule", "MT-3")] [Trait("Rule", "MT-4")] [Trait("Rule", "MT-5")] [Trait("Rule", "RP-4")] [Trait("Rule", "RP-7")]
    [Trait("Rule", "MT-6")] [Trait("Rule", "MT-7")] [Trait("Rule", "MT-8")] [Trait("Rule", "RP-10")]
    public void EachFailbackPrerequisiteFailsWithItsCode(string caseName)
    {
        var (bend, code) = Cases[caseName];
        var errors = FailbackPrerequisites.Check(Vm, Harness.Back, bend(FakeSiteDiscovery.Healthy(Vm)));

        var error = Assert.Single(errors);
        // ASR's numeric code where it documents one, else the seed rule behind the project's own code.
        Assert.Equal(code, code.All(char.IsDigit) ? error.Code : error.Rule);
        Assert.False(string.IsNullOrWhiteSpace(error.PossibleCauses));
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
    }

    [Fact]
    public void AHealthySitePassesAndEveryFailureIsReportedAtOnce()
    {
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, FakeSiteDiscovery.Healthy(Vm)));
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, LinuxHealthy()));

        var broken = FakeSiteDiscovery.Healthy(Vm) with
        {
            MasterTarget = FakeSiteDiscovery.HealthyMasterTarget with { DiskEnableUuid = "true", StorageVMotioned = true },
            OriginalVm = FakeSiteDiscovery.Healthy(Vm).OriginalVm! with { HasSnapshots = true },
        };
        Assert.Equal(["PRE-7", "PRE-8", "PRE-4"], FailbackPrerequisites.Check(Vm, Harness.Back, broken).Select(e => e.Rule));
    }

    /// <summary>PRE-7 judges the value in effect: set while the master target runs, it waits for the next power-on, and the message says so.</summary>
    [Fact]
    public void PRE7_TheValueInEffectIsJudgedNotTheConfiguredOne()
    {
        var pending = FakeSiteDiscovery.Healthy(Vm) with { MasterTarget = FakeSiteDiscovery.HealthyMasterTarget with { DiskEnableUuid = "TRUE", DiskEnableUuidConfigured = "True" } };
        var error = Assert.Single(FailbackPrerequisites.Check(Vm, Harness.Back, pending));
        Assert.Equal(("FB2007", "PRE-7"), (error.Code, error.Rule));
        Assert.Contains("takes effect when the VM is powered off and on again", error.Message, StringComparison.Ordinal);
        // Planted: the check of the configured value it replaced accepts this master target, so the assertions above fail for it.
        static AsrError? ConfiguredValueCheck(MasterTargetFacts mt) =>
            mt.DiskEnableUuidConfigured == "True" ? null : ErrorCatalog.DiskEnableUuid.Create("planted");
        Assert.Null(ConfiguredValueCheck(pending.MasterTarget!));

        var applied = pending with { MasterTarget = pending.MasterTarget with { DiskEnableUuid = "True", DiskEnableUuidConfigured = "True" } };
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, applied));
        // Removed while running: still in effect until the power cycle, so reprotect is not refused for it yet.
        var removed = pending with { MasterTarget = pending.MasterTarget with { DiskEnableUuid = "True", DiskEnableUuidConfigured = null } };
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, removed));
    }

    /// <summary>
    /// All four reported at once at reprotect; the failover back repeats what can change after it (snapshots, Tools), not
    /// the controller or the datastore (RuleApplicability says why).
    /// </summary>
    [Fact]
    public void MT6_MT7_MT8_RP10_TheMasterTargetsConditionsAreReportedTogetherAndSnapshotsAgainAtFailback()
    {
        var env = FakeSiteDiscovery.Healthy(Vm) with
        {
            MasterTarget = FakeSiteDiscovery.HealthyMasterTarget with
            {
                HasSnapshots = true, ParavirtualController = true, ToolsRunning = false, DatastoreTypes = Types(("datastore1", DatastoreType.Nfs), ("datastore2", DatastoreType.Nfs41)),
            },
        };
        Assert.Equal(["FB6006", "FB6007", "FB6008", "FB1111"], FailbackPrerequisites.Check(Vm, Harness.Back, env).Select(e => e.Code));
        Assert.Equal(["MT-6", "MT-8"], FailbackPrerequisites.CheckFailover(Vm, Harness.Back, env).Select(e => e.Rule));
        // vSAN and VMFS datastores are not NFS: a master target whose other datastores are NFS passes.
        var other = FakeSiteDiscovery.Healthy(Vm) with { MasterTarget = FakeSiteDiscovery.HealthyMasterTarget with { DatastoreTypes = Types(("nfs-archive", DatastoreType.Nfs), ("datastore1", DatastoreType.Vsan)) } };
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, other));
    }

    [Fact]
    public void LOC5_8061_NamesTheDatastoreAndTheHost()
    {
        var env = FakeSiteDiscovery.Healthy(Vm) with { OriginalVm = FakeSiteDiscovery.Healthy(Vm).OriginalVm! with { Datastore = "san-7" } };
        var error = Assert.Single(FailbackPrerequisites.Check(Vm, Harness.Back, env));
        Assert.Equal(("8061", "LOC-5"), (error.Code, error.Rule));
        Assert.Contains("'san-7'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'esxi-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LOC7_LOC2_WithoutAnOriginalVmFailbackCreatesANewOne()
    {
        var physical = Vm with { Kind = MachineKind.PhysicalServer };
        var env = FakeSiteDiscovery.Healthy(physical);
        Assert.Null(env.OriginalVm);
        Assert.Empty(FailbackPrerequisites.Check(physical, Harness.Back, env));
    }

    [Fact]
    public void CYC2_AnOnPremisesProcessServerWorksOverExpressRoute()
    {
        var env = FakeSiteDiscovery.Healthy(Vm) with
        {
            Connectivity = new(true, SiteLink.ExpressRoute, LinkOnVmNetwork: true, ExpressRoutePublicPeering: true),
            ProcessServer = FakeSiteDiscovery.HealthyAzureProcessServer with { Location = Site.OnPremises, Network = "datacenter", Subscription = "" },
        };
        Assert.Empty(FailbackPrerequisites.Check(Vm, Harness.Back, env));
    }

    [Fact]
    public void PRE7_AFailedPrerequisiteFailsTheJobBeforeAnythingChanges()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var item = h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            h.Discovery.Failback = (_, env) => env with { MasterTarget = env.MasterTarget! with { DiskEnableUuid = null } };

            var job = await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back);

            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal("PRE-7", Assert.Single(job.Errors).Rule);
            Assert.Equal([JobState.Failed, JobState.NotStarted, JobState.NotStarted], job.Tasks.Select(t => t.State));
            Assert.Equal(item, h.Orchestrator.Item("vm-1"));
            Assert.Empty(h.Machines.Changes);
            Assert.Empty(h.Replication.Changes);
            Assert.Equal(job, h.Jobs.Find(job.Id));

            h.Discovery.Failback = (_, env) => env;
            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.ReprotectAsync("vm-1", Harness.Back)).State);
        });
    }

    [Fact]
    public void PRE6_TS5_ProtectionToAzureChecksTheConfigurationServerAndTheProcessServer()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1");
            h.Add("vm-2", ProtectionState.FailbackCommitted);
            h.Discovery.Forward = new(new(OnPremises: true, ItemInDatabase: false), FakeSiteDiscovery.HealthyAzureProcessServer with { Heartbeat = false });

            var enable = await h.Orchestrator.EnableProtectionAsync("vm-1", Harness.Enable);
            Assert.Equal(["PRE-6", "TS-5"], enable.Errors.Select(e => e.Rule));
            h.Discovery.Forward = new(new(true, true), null);
            var reprotect = await h.Orchestrator.ReprotectAsync("vm-2", Harness.Forward);
            Assert.Equal("CM-2", Assert.Single(reprotect.Errors).Rule);

            Assert.Equal(ProtectionState.Unprotected, h.Orchestrator.Item("vm-1").State);
            Assert.Equal(ProtectionState.FailbackCommitted, h.Orchestrator.Item("vm-2").State);
            Assert.Empty(h.Replication.Changes);
        });
    }

    [Fact]
    public void FO2_AFailoverWithoutTheRequestedPointFailsItsPrerequisites()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.ProtectedToOnPremises);
            h.Replication.AddPoint("vm-1", h.Time.GetUtcNow().AddMinutes(5), appConsistent: false);

            var noTag = await h.Orchestrator.UnplannedFailoverAsync("vm-1", Engine.Orchestration.Operations.UnplannedFailoverInput.LatestAppConsistent);
            var noSuch = await h.Orchestrator.UnplannedFailoverAsync("vm-1", Engine.Orchestration.Operations.UnplannedFailoverInput.At("crash-2359"));

            Assert.Equal("FO-2", Assert.Single(noTag.Errors).Rule);
            Assert.Contains("'crash-2359'", Assert.Single(noSuch.Errors).Message, StringComparison.Ordinal);
            Assert.Equal(ProtectionState.ProtectedToOnPremises, h.Orchestrator.Item("vm-1").State);
            Assert.Empty(h.Machines.Changes);
        });
    }

    private static MasterTargetFacts WithVolume(FailbackEnvironment env, VolumeFacts volume) =>
        env.MasterTarget! with { Volumes = [.. env.MasterTarget.Volumes.Where(v => v.Name != "R:"), volume, new("T:", "ext4", 1L << 30)] };

    private static MasterTargetFacts LinuxMasterTarget(FailbackEnvironment env) => env.MasterTarget! with
    {
        IsLinux = true,
        OsName = "CentOS 6.6 minimal",
        Packages = Packages(Failback.Engine.Orchestration.Prerequisites.LinuxMasterTarget.Packages),
        RegisteredWithConfigurationServer = false, // MT-3 is the Windows setup's registration
        Volumes = [.. env.MasterTarget!.Volumes, new("/", "ext4", 20L << 30, IsCacheVolume: true), new("/var/crash", "ext4", 10L << 30),
            new("/home", "ext4", 10L << 30), new("[swap]", "swap", 4L << 30)], // MT-2's layout
    };

    private static FailbackEnvironment LinuxHealthy()
    {
        var env = FakeSiteDiscovery.Healthy(Vm);
        return env with
        {
            SourceBootFileSystem = "reiserfs",
            MasterTarget = LinuxMasterTarget(env) with { Packages = Packages([.. Failback.Engine.Orchestration.Prerequisites.LinuxMasterTarget.Packages, .. Failback.Engine.Orchestration.Prerequisites.LinuxMasterTarget.ReiserFsPackages]) },
        };
    }

    private static HashSet<string> Packages(IEnumerable<string> names) => new(names, StringComparer.Ordinal);

    private static Dictionary<string, DatastoreType> Types(params (string Name, DatastoreType Type)[] datastores) =>
        datastores.ToDictionary(d => d.Name, d => d.Type, StringComparer.Ordinal);
}
