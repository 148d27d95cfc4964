using Failback.Engine.Components;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Components;

public class MasterTargetTests : IDisposable
{
    private const string Passphrase = "correct-horse-battery";
    private readonly TempDirectory _dir = new();
    private readonly ConfigurationServer _cs;

    public MasterTargetTests() => _cs = ConfigurationServer.Create(_dir.File("cs.db"), "cs-contoso", "10.0.0.5", Passphrase, TestSalt.Bytes, new VirtualClock());

    public void Dispose()
    {
        _cs.Dispose();
        _dir.Dispose();
    }

    private static readonly VolumeInfo[] WindowsVolumes =
    [
        new("C:", "NTFS", 100L << 30),
        new("R:", "NTFS", 1L << 40),
    ];

    private static VolumeInfo[] LinuxVolumes(string rootFs = "ext4") =>
    [
        new("/", rootFs, 20L << 30), new("/var/crash", "ext4", 10L << 30), new("/home", "ext4", 10L << 30),
        new("[swap]", "swap", 4L << 30), new("/mnt/retention", "ext4", 1L << 40),
    ];

    private static GuestState CentOs(params string[] packages) => new()
    {
        OsName = "CentOS 6.6 (minimal)", IsLinux = true,
        Packages = new HashSet<string>(packages, StringComparer.Ordinal),
    };

    private static readonly MasterTargetVmFacts GoodVm = new(new Dictionary<string, string> { ["disk.EnableUUID"] = "True" }, StorageVMotioned: false);

    [Fact]
    public void MT1_TheManagementServerHasAWindowsMasterTargetRegisteredByDefault()
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        Assert.False(mt.IsLinux);
        Assert.Equal(_cs.IpAddress, mt.IpAddress);
        Assert.Equal(mt.Id, Assert.Single(_cs.Servers(ServerRole.MasterTarget)).Id);
        Assert.Equal("R:", mt.SelectRetentionVolume().MountPoint);
        Assert.Empty(mt.CheckReadiness(GoodVm));
    }

    [Fact]
    public void MT2_ALinuxMasterTargetRunsOnlyOnCentOs66()
    {
        var ubuntu = new MasterTarget("mt-lx", "10.0.0.8", CentOs() with { OsName = "Ubuntu 20.04" }, LinuxVolumes(), "/");
        var error = Assert.Throws<InvalidOperationException>(() => ubuntu.Register(_cs, Passphrase));
        Assert.Contains("CentOS 6.6", error.Message);
        Assert.Empty(_cs.Servers(ServerRole.MasterTarget));
    }

    [Fact]
    public void MT2_ALinuxMasterTargetNeedsExt4PartitionsAndSwap()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs(), LinuxVolumes(rootFs: "xfs").Where(v => v.FileSystem != "swap"), "/");
        var failures = mt.CheckReadiness(GoodVm).Where(f => f.RuleId == "MT-2").Select(f => f.Message).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, m => m.Contains("/ as an ext4 partition, not xfs"));
        Assert.Contains(failures, m => m.Contains("swap"));
    }

    [Fact]
    public void MT3_RegistrationNeedsTheConfigurationServersPassphrase()
    {
        var mt = new MasterTarget("mt-2", "10.0.0.9", new GuestState { OsName = "Windows Server 2016" }, WindowsVolumes, "C:");
        Assert.Throws<ConfigurationServerException>(() => mt.Register(_cs, "not-the-passphrase"));
        Assert.Null(mt.Id);
        Assert.Contains(mt.CheckReadiness(GoodVm), f => f.RuleId == "MT-3");
        mt.Register(_cs, Passphrase);
        Assert.DoesNotContain(mt.CheckReadiness(GoodVm), f => f.RuleId == "MT-3");
    }

    [Fact]
    public void MT4_ALinuxMasterTargetNeedsItsPackagesAndReiserFsSupportForReiserFsOrXfsSources()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs("xfsprogs", "perl", "lsscsi", "rsync", "wget", "kexec-tools"), LinuxVolumes(), "/");
        mt.Register(_cs, Passphrase);
        mt.SelectRetentionVolume();
        mt.ApplyCustomChanges();
        mt.Reboot();
        Assert.Equal("Linux master target 'mt-lx' is missing packages: device-mapper-multipath; install them (yum install).",
            Assert.Single(mt.CheckReadiness(GoodVm)).Message);
        var withReiser = Assert.Single(mt.CheckReadiness(GoodVm, linuxSourceUsesReiserFsOrXfs: true));
        Assert.Contains("device-mapper-multipath, kmod-reiserfs, reiserfs-utils", withReiser.Message);
    }

    [Fact]
    public void MT5_CustomChangesAreAppliedOnceAndNeedAReboot()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs([.. MasterTarget.LinuxPackages]), LinuxVolumes(), "/");
        mt.Register(_cs, Passphrase);
        mt.SelectRetentionVolume();
        Assert.Equal("MT-5", Assert.Single(mt.CheckReadiness(GoodVm)).RuleId);
        mt.ApplyCustomChanges();
        Assert.Contains("rebooted", Assert.Single(mt.CheckReadiness(GoodVm)).Message);
        Assert.Throws<InvalidOperationException>(mt.ApplyCustomChanges);
        mt.Reboot();
        Assert.Empty(mt.CheckReadiness(GoodVm));
        Assert.Equal("/mnt/retention", mt.RetentionVolume!.MountPoint);
    }

    [Theory]
    [InlineData(null, "no disk.EnableUUID parameter")]
    [InlineData("TRUE", "is 'TRUE', not True")]
    [InlineData("true", "is 'true', not True")]
    [InlineData("\"True\"", "no quotes")]
    [InlineData("False", "is 'False', not True")]
    public void PRE7_DiskEnableUuidMustBeExactlyTrue(string? value, string expected)
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        mt.SelectRetentionVolume();
        var config = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["disk.EnableUUID"] = value };
        var failure = Assert.Single(mt.CheckReadiness(new MasterTargetVmFacts(config, StorageVMotioned: false)));
        Assert.Equal("PRE-7", failure.RuleId);
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void PRE8_AStorageVMotionedMasterTargetIsNotReady()
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        mt.SelectRetentionVolume();
        var failure = Assert.Single(mt.CheckReadiness(GoodVm with { StorageVMotioned = true }));
        Assert.Equal("PRE-8", failure.RuleId);
    }

    [Fact]
    public void PRE9_AMasterTargetWithoutARetentionVolumeIsNotReady()
    {
        var mt = new MasterTarget("mt-2", "10.0.0.9", new GuestState { OsName = "Windows Server 2016" }, [new VolumeInfo("C:", "NTFS", 1L << 30), new VolumeInfo("R:", null, 1L << 30)], "C:");
        mt.Register(_cs, Passphrase);
        var error = Assert.Throws<InvalidOperationException>(() => mt.SelectRetentionVolume());
        Assert.Contains("not formatted", error.Message);
        Assert.Equal("PRE-9", Assert.Single(mt.CheckReadiness(GoodVm)).RuleId);
    }

    [Fact]
    public void AMasterTargetTakesAtMost60Disks()
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        for (var i = 0; i < 60; i++) mt.AttachDisk($"disk-{i}");
        mt.AttachDisk("disk-0"); // already attached
        var error = Assert.Throws<InvalidOperationException>(() => mt.AttachDisk("disk-60"));
        Assert.Contains("60", error.Message);
        Assert.Equal(60, mt.AttachedDisks);
        mt.DetachDisk("disk-3");
        mt.AttachDisk("disk-60");
        Assert.Equal(60, mt.AttachedDisks);
    }

    [Fact]
    public void RP4_AVolumeIsARetentionDriveOnlyIfEveryCriterionHolds()
    {
        VolumeInfo[] volumes =
        [
            new("C:", "NTFS", 100L << 30),                                  // cache volume (install)
            new("D:", "NTFS", 100L << 30, UsedFor: "a replication target"),
            new("E:", "NTFS", 100L << 30, Locked: true),
            new("F:", "FAT32", 100L << 30),
            new("G:", "FAT", 100L << 30),
            new("H:", "NTFS", 0),
            new("R:", "NTFS", 1L << 40),
            new("S:", "ReFS", 1L << 40),
        ];
        var mt = new MasterTarget("mt-2", "10.0.0.9", new GuestState { OsName = "Windows Server 2016" }, volumes, "C:");
        var candidates = mt.RetentionCandidates().ToDictionary(c => c.Volume.MountPoint);
        Assert.Contains("cache volume", Assert.Single(candidates["C:"].Reasons));
        Assert.Contains("replication target", Assert.Single(candidates["D:"].Reasons));
        Assert.Contains("locked", Assert.Single(candidates["E:"].Reasons));
        Assert.Contains("FAT32", Assert.Single(candidates["F:"].Reasons));
        Assert.Contains("FAT", Assert.Single(candidates["G:"].Reasons));
        Assert.Contains("capacity is zero", Assert.Single(candidates["H:"].Reasons));
        Assert.True(candidates["R:"].Eligible);
        Assert.True(candidates["S:"].Eligible);

        Assert.Equal("R:", mt.SelectRetentionVolume().MountPoint);
        var error = Assert.Throws<InvalidOperationException>(() => mt.SelectRetentionVolume("F:"));
        Assert.Contains("RP-4", error.Message);
        Assert.Contains("Eligible volumes: R:, S:", error.Message);
        Assert.Equal("R:", mt.RetentionVolume!.MountPoint); // a refused choice changes nothing
    }

    [Fact]
    public void RP4_TheLinuxDefaultRetentionVolumeIsMntRetention()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs(), LinuxVolumes(), "/");
        Assert.Equal("/mnt/retention", mt.SelectRetentionVolume().MountPoint);
    }
}
