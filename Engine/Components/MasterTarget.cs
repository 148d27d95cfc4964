using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Components;

/// <summary>
/// A master target server: it receives failback data and writes it to the on-premises VMDKs it has
/// attached (at most 60), keeping the retention journal on its retention volume. Windows by default,
/// on the management server (MT-1); Linux only on CentOS 6.6 minimal (MT-2), with its packages
/// (MT-4) and the unified agent's custom changes applied and rebooted (MT-5).
/// </summary>
public sealed class MasterTarget
{
    public const int MaxAttachedDisks = 60;
    public const string WindowsRetentionDefault = "R:";
    public const string LinuxRetentionDefault = "/mnt/retention";

    /// <summary>MT-4: what every Linux master target needs installed.</summary>
    public static readonly IReadOnlyList<string> LinuxPackages =
        ["xfsprogs", "perl", "lsscsi", "rsync", "wget", "kexec-tools", "device-mapper-multipath"];

    /// <summary>MT-4: what it also needs when a protected Linux source boots from ReiserFS or XFS.</summary>
    public static readonly IReadOnlyList<string> ReiserFsAndXfsPackages = ["kmod-reiserfs", "reiserfs-utils", "xfsprogs"];

    private static readonly string[] LinuxPartitions = ["/", "/var/crash", "/home"];
    private readonly List<VolumeInfo> _volumes;
    private readonly HashSet<string> _attached = new(StringComparer.Ordinal);

    /// <param name="installVolume">The volume the master target (and process server) software is installed on: the cache volume.</param>
    public MasterTarget(string name, string ipAddress, GuestState guest, IEnumerable<VolumeInfo> volumes, string installVolume)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(ipAddress);
        Name = name;
        IpAddress = ipAddress;
        Guest = guest ?? throw new ArgumentNullException(nameof(guest));
        _volumes = [.. volumes];
        InstallVolume = installVolume;
    }

    /// <summary>MT-1: the master target every configuration server has, Windows, on the management server itself.</summary>
    public static MasterTarget OnManagementServer(ConfigurationServer configurationServer, IEnumerable<VolumeInfo> volumes, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(configurationServer);
        var mt = new MasterTarget(configurationServer.Name, configurationServer.IpAddress,
            new GuestState { OsName = "Windows Server 2016", HostName = configurationServer.Name }, volumes, "C:");
        mt.Register(configurationServer, passphrase);
        return mt;
    }

    public string Name { get; }
    public string IpAddress { get; }
    public GuestState Guest { get; }
    public bool IsLinux => Guest.IsLinux;
    public string InstallVolume { get; }
    public string? Id { get; private set; }
    public IReadOnlyList<VolumeInfo> Volumes => _volumes;
    public VolumeInfo? RetentionVolume { get; private set; }
    public int AttachedDisks => _attached.Count;
    public bool CustomChangesApplied { get; private set; }
    public bool RebootPending { get; private set; }

    /// <summary>MT-3: registers with the configuration server's IP and passphrase (unified setup).</summary>
    public void Register(ConfigurationServer configurationServer, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(configurationServer);
        var os = CheckOperatingSystem();
        if (os.Count > 0) throw new InvalidOperationException(string.Join(" ", os.Select(f => f.Message)));
        Id = configurationServer.RegisterServer(ServerRole.MasterTarget, Name, IpAddress, "OnPremises", passphrase).Id;
    }

    /// <summary>MT-5: runs ApplyCustomChanges.sh once; the changes take effect at the next reboot.</summary>
    public void ApplyCustomChanges()
    {
        if (!IsLinux) throw new InvalidOperationException($"Master target '{Name}' runs Windows; ApplyCustomChanges.sh is for Linux master targets.");
        if (CustomChangesApplied) throw new InvalidOperationException($"The custom changes are already applied on master target '{Name}'; run ApplyCustomChanges.sh only once.");
        CustomChangesApplied = true;
        RebootPending = true;
    }

    public void Reboot() => RebootPending = false;

    /// <summary>
    /// RP-4: every volume with the reasons it cannot hold retention: used for something else, locked,
    /// the cache volume, FAT or FAT32, zero capacity; and (PRE-9) not formatted.
    /// </summary>
    public IReadOnlyList<RetentionCandidate> RetentionCandidates() => _volumes.Select(v =>
    {
        var reasons = new List<string>();
        if (v.UsedFor is not null) reasons.Add($"it is used as {v.UsedFor}");
        if (v.Locked) reasons.Add("it is locked");
        if (string.Equals(v.MountPoint, InstallVolume, StringComparison.OrdinalIgnoreCase)) reasons.Add("it is the cache volume, where the master target is installed");
        if (v.FileSystem is null) reasons.Add("it is not formatted (PRE-9)");
        else if (v.FileSystem.Equals("FAT", StringComparison.OrdinalIgnoreCase) || v.FileSystem.Equals("FAT32", StringComparison.OrdinalIgnoreCase) || v.FileSystem.Equals("vfat", StringComparison.OrdinalIgnoreCase))
            reasons.Add($"its file system is {v.FileSystem}");
        if (v.CapacityBytes <= 0) reasons.Add("its capacity is zero");
        return new RetentionCandidate(v, reasons);
    }).ToList();

    /// <summary>
    /// Chooses the retention volume: <paramref name="mountPoint"/>, or the default (<c>R:</c> on Windows,
    /// <c>/mnt/retention</c> on Linux). A volume that is not eligible is refused with its reasons.
    /// </summary>
    public VolumeInfo SelectRetentionVolume(string? mountPoint = null)
    {
        var wanted = mountPoint ?? (IsLinux ? LinuxRetentionDefault : WindowsRetentionDefault);
        var candidates = RetentionCandidates();
        var candidate = candidates.FirstOrDefault(c => string.Equals(c.Volume.MountPoint, wanted, StringComparison.OrdinalIgnoreCase));
        var eligible = string.Join(", ", candidates.Where(c => c.Eligible).Select(c => c.Volume.MountPoint));
        if (candidate is null)
            throw new InvalidOperationException($"Master target '{Name}' has no volume '{wanted}'. Add and format a retention disk (PRE-9){(eligible.Length > 0 ? $", or choose one of: {eligible}" : "")}.");
        if (!candidate.Eligible)
            throw new InvalidOperationException($"Volume '{wanted}' of master target '{Name}' cannot be a retention drive: {string.Join("; ", candidate.Reasons)} (RP-4).{(eligible.Length > 0 ? $" Eligible volumes: {eligible}." : " No volume is eligible: add and format a retention disk (PRE-9).")}");
        RetentionVolume = candidate.Volume;
        return candidate.Volume;
    }

    /// <summary>Attaches a failback VMDK; a 61st disk is refused.</summary>
    public void AttachDisk(string diskId)
    {
        if (_attached.Contains(diskId)) return;
        if (_attached.Count >= MaxAttachedDisks)
            throw new InvalidOperationException($"Master target '{Name}' already has {MaxAttachedDisks} disks attached, its limit; add another master target for more failback traffic (MT-1).");
        _attached.Add(diskId);
    }

    public void DetachDisk(string diskId) => _attached.Remove(diskId);

    /// <summary>
    /// Everything that keeps this master target from receiving failback data, given its VM's vSphere facts
    /// and whether a protected Linux source boots from ReiserFS or XFS. Empty when ready.
    /// </summary>
    public IReadOnlyList<PrerequisiteFailure> CheckReadiness(MasterTargetVmFacts vm, bool linuxSourceUsesReiserFsOrXfs = false)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var failures = new List<PrerequisiteFailure>(CheckOperatingSystem());
        if (Id is null) failures.Add(new("MT-3", $"Master target '{Name}' is not registered with the configuration server; run the unified setup with the configuration server's IP and passphrase."));
        if (!vm.ExtraConfig.TryGetValue("disk.EnableUUID", out var uuid))
            failures.Add(new("PRE-7", $"The VM of master target '{Name}' has no disk.EnableUUID parameter: power it off and add the row disk.EnableUUID = True."));
        else if (uuid != "True")
            failures.Add(new("PRE-7", $"disk.EnableUUID of master target '{Name}' is '{uuid}', not True (case-sensitive, no quotes): power the VM off and set it to True."));
        if (vm.StorageVMotioned)
            failures.Add(new("PRE-8", $"Master target '{Name}' was storage-vMotioned: its disks may not be available and failback can fail; move it back or deploy a new master target."));
        if (vm.HasSnapshots)
            failures.Add(new("PRE-4", $"The VM of master target '{Name}' has snapshots; delete them first."));
        if (RetentionVolume is null)
            failures.Add(new("PRE-9", $"Master target '{Name}' has no retention volume selected; add and format a retention disk and select it."));
        if (IsLinux)
        {
            var needed = LinuxPackages.Concat(linuxSourceUsesReiserFsOrXfs ? ReiserFsAndXfsPackages : []).Distinct();
            var missing = needed.Where(p => !Guest.Packages.Contains(p)).ToList();
            if (missing.Count > 0)
                failures.Add(new("MT-4", $"Linux master target '{Name}' is missing packages: {string.Join(", ", missing)}; install them (yum install)."));
            if (!CustomChangesApplied)
                failures.Add(new("MT-5", $"Run ApplyCustomChanges.sh once on master target '{Name}', then reboot it."));
            else if (RebootPending)
                failures.Add(new("MT-5", $"Master target '{Name}' must be rebooted for ApplyCustomChanges.sh to take effect."));
        }
        return failures;
    }

    /// <summary>MT-2: a Linux master target runs CentOS 6.6 minimal with /, /var/crash and /home on ext4, plus swap.</summary>
    private List<PrerequisiteFailure> CheckOperatingSystem()
    {
        var failures = new List<PrerequisiteFailure>();
        if (!IsLinux) return failures;
        if (!Orchestration.Prerequisites.OsNames.IsCentOs66(Guest.OsName))
            failures.Add(new("MT-2", $"A Linux master target must run CentOS 6.6 (minimal); '{Name}' runs {Guest.OsName}."));
        foreach (var mount in LinuxPartitions)
        {
            var volume = _volumes.FirstOrDefault(v => v.MountPoint == mount);
            if (volume?.FileSystem != "ext4")
                failures.Add(new("MT-2", $"Linux master target '{Name}' needs {mount} as an ext4 partition{(volume is null ? "" : $", not {volume.FileSystem ?? "unformatted"}")}."));
        }
        if (!_volumes.Any(v => v.FileSystem == "swap"))
            failures.Add(new("MT-2", $"Linux master target '{Name}' needs a swap partition."));
        return failures;
    }
}
