using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Prerequisites;
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

    // Readiness for failback (PRE-7, PRE-8, PRE-9, MT-3..MT-5) has one implementation, FailbackPrerequisites: FailbackPrerequisiteTests.

    [Fact]
    public void MT1_TheManagementServerHasAWindowsMasterTargetRegisteredByDefault()
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        Assert.False(mt.IsLinux);
        Assert.Equal(_cs.IpAddress, mt.IpAddress);
        Assert.Equal(mt.Id, Assert.Single(_cs.Servers(ServerRole.MasterTarget)).Id);
        Assert.Equal("R:", mt.SelectRetentionVolume().MountPoint);
    }

    [Fact]
    public void MT2_ALinuxMasterTargetRunsOnlyOnCentOs66()
    {
        var ubuntu = new MasterTarget("mt-lx", "10.0.0.8", CentOs() with { OsName = "Ubuntu 20.04" }, LinuxVolumes(), "/");
        var error = Assert.Throws<AsrException>(() => ubuntu.Register(_cs, Passphrase));
        Assert.Equal("MT-2", error.Error.Rule);
        Assert.Contains("CentOS 6.6", error.Message);
        Assert.Empty(_cs.Servers(ServerRole.MasterTarget));
    }

    [Fact]
    public void MT2_ALinuxMasterTargetNeedsExt4PartitionsAndSwap()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs(), LinuxVolumes(rootFs: "xfs").Where(v => v.FileSystem != "swap"), "/");
        var failures = LinuxMasterTarget.OsProblems(mt.Name, mt.Guest.OsName, mt.VolumeFacts());
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, m => m.Contains("/ as an ext4 partition, not xfs"));
        Assert.Contains(failures, m => m.Contains("swap"));
        var error = Assert.Throws<AsrException>(() => mt.Register(_cs, Passphrase)); // registration asks the same check
        Assert.Equal(string.Join(" ", failures), error.Error.Message[(error.Error.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
    }

    [Fact]
    public void MT3_RegistrationNeedsTheConfigurationServersPassphrase()
    {
        var mt = new MasterTarget("mt-2", "10.0.0.9", new GuestState { OsName = "Windows Server 2016" }, WindowsVolumes, "C:");
        Assert.Throws<AsrException>(() => mt.Register(_cs, "not-the-passphrase"));
        Assert.Null(mt.Id);
        mt.Register(_cs, Passphrase);
        Assert.NotNull(mt.Id);
    }

    [Fact]
    public void MT5_CustomChangesAreAppliedOnceAndNeedAReboot()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs([.. LinuxMasterTarget.Packages]), LinuxVolumes(), "/");
        mt.Register(_cs, Passphrase);
        mt.SelectRetentionVolume();
        Assert.False(mt.CustomChangesApplied);
        mt.ApplyCustomChanges();
        Assert.True(mt.RebootPending);
        Assert.Equal("MT-5", Assert.Throws<AsrException>(mt.ApplyCustomChanges).Error.Rule);
        mt.Reboot();
        Assert.False(mt.RebootPending);
        Assert.Equal("/mnt/retention", mt.RetentionVolume!.MountPoint);
    }

    [Fact]
    public void PRE9_AMasterTargetWithoutAFormattedRetentionVolumeIsRefusedOne()
    {
        var mt = new MasterTarget("mt-2", "10.0.0.9", new GuestState { OsName = "Windows Server 2016" }, [new VolumeInfo("C:", "NTFS", 1L << 30), new VolumeInfo("R:", null, 1L << 30)], "C:");
        mt.Register(_cs, Passphrase);
        var error = Assert.Throws<AsrException>(() => mt.SelectRetentionVolume());
        Assert.Equal("PRE-9", error.Error.Rule);
        Assert.Contains("not formatted", error.Message);
        Assert.Null(mt.RetentionVolume);
    }

    [Fact]
    public void AMasterTargetTakesAtMost60Disks()
    {
        var mt = MasterTarget.OnManagementServer(_cs, WindowsVolumes, Passphrase);
        for (var i = 0; i < 60; i++) mt.AttachDisk($"disk-{i}");
        mt.AttachDisk("disk-0"); // already attached
        var error = Assert.Throws<AsrException>(() => mt.AttachDisk("disk-60"));
        Assert.Equal("MT-1", error.Error.Rule);
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
            new("V:", "vfat", 100L << 30),
            new("U:", null, 100L << 30),
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
        Assert.Contains("vfat", Assert.Single(candidates["V:"].Reasons));
        Assert.Contains("not formatted", Assert.Single(candidates["U:"].Reasons));
        Assert.Contains("capacity is zero", Assert.Single(candidates["H:"].Reasons));
        Assert.True(candidates["R:"].Eligible);
        Assert.True(candidates["S:"].Eligible);

        Assert.Equal("R:", mt.SelectRetentionVolume().MountPoint);
        var error = Assert.Throws<AsrException>(() => mt.SelectRetentionVolume("F:"));
        Assert.Equal("RP-4", error.Error.Rule);
        Assert.Contains("eligible volumes: R:, S:", error.Message);
        Assert.Equal("R:", mt.RetentionVolume!.MountPoint); // a refused choice changes nothing
    }

    [Fact]
    public void RP4_TheLinuxDefaultRetentionVolumeIsMntRetention()
    {
        var mt = new MasterTarget("mt-lx", "10.0.0.8", CentOs(), LinuxVolumes(), "/");
        Assert.Equal("/mnt/retention", mt.SelectRetentionVolume().MountPoint);
    }

    [Theory]
    [InlineData("C:", "E:")] // no eligible R:: the first eligible volume as listed (not the last one)
    [InlineData("R:", "E:")] // R: is where the master target is installed, so not eligible
    public void RP4_WithoutAChoiceTheProposedRetentionVolumeIsRWhenEligibleElseTheFirstEligible(string install, string proposed)
    {
        VolumeInfo[] volumes =
        [
            new("C:", "NTFS", 100L << 30, Locked: install != "C:"), new("D:", "FAT32", 1L << 40), new("E:", "NTFS", 1L << 40), new("F:", "ReFS", 1L << 40),
            .. install == "R:" ? [new VolumeInfo("R:", "NTFS", 1L << 40)] : Array.Empty<VolumeInfo>(),
        ];
        var mt = new MasterTarget("mt-x", "10.0.0.7", new GuestState { OsName = "Windows Server 2019" }, volumes, install);
        Assert.Equal(proposed, mt.SelectRetentionVolume().MountPoint);
        Assert.Equal(proposed, mt.RetentionVolume!.MountPoint);
    }
}
