using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Prerequisites;
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
        if (IsLinux && LinuxMasterTarget.OsProblems(Name, Guest.OsName, VolumeFacts()) is { Count: > 0 } os)
            throw new AsrException(ErrorCatalog.LinuxMasterTargetOs.Create(string.Join(" ", os)));
        Id = configurationServer.RegisterServer(ServerRole.MasterTarget, Name, IpAddress, "OnPremises", passphrase).Id;
    }

    /// <summary>MT-5: runs ApplyCustomChanges.sh once; the changes take effect at the next reboot.</summary>
    public void ApplyCustomChanges()
    {
        if (!IsLinux) throw new AsrException(ErrorCatalog.LinuxMasterTargetCustomChanges.Create($"master target '{Name}' runs Windows; ApplyCustomChanges.sh is for Linux master targets"));
        if (CustomChangesApplied) throw new AsrException(ErrorCatalog.LinuxMasterTargetCustomChanges.Create($"the custom changes are already applied on master target '{Name}'; run ApplyCustomChanges.sh only once"));
        CustomChangesApplied = true;
        RebootPending = true;
    }

    public void Reboot() => RebootPending = false;

    /// <summary>Every volume with the reasons it cannot hold retention (RP-4's one check).</summary>
    public IReadOnlyList<RetentionCandidate> RetentionCandidates() =>
        [.. _volumes.Zip(VolumeFacts(), (v, facts) => new RetentionCandidate(v, RetentionVolumes.WhyNotEligible(facts)))];

    /// <summary>The volumes as the rule checks see them.</summary>
    public IReadOnlyList<VolumeFacts> VolumeFacts() =>
        [.. _volumes.Select(v => new VolumeFacts(v.MountPoint, v.FileSystem ?? "", v.CapacityBytes, v.UsedFor, v.Locked,
            IsCacheVolume: string.Equals(v.MountPoint, InstallVolume, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>
    /// Chooses the retention volume: <paramref name="mountPoint"/>, or the one proposed: the usual one (<c>R:</c> on
    /// Windows, <c>/mnt/retention</c> on Linux) when it is eligible, else the first eligible volume in the order
    /// listed (ASR's dialog lists only eligible drives and documents no default beyond that: the closest pattern).
    /// A volume that is not eligible is refused with its reasons.
    /// </summary>
    public VolumeInfo SelectRetentionVolume(string? mountPoint = null)
    {
        var candidates = RetentionCandidates();
        var usual = IsLinux ? LinuxRetentionDefault : WindowsRetentionDefault;
        var wanted = mountPoint
            ?? (candidates.Any(c => c.Eligible && string.Equals(c.Volume.MountPoint, usual, StringComparison.OrdinalIgnoreCase)) ? usual : null)
            ?? candidates.FirstOrDefault(c => c.Eligible)?.Volume.MountPoint
            ?? usual;
        var candidate = candidates.FirstOrDefault(c => string.Equals(c.Volume.MountPoint, wanted, StringComparison.OrdinalIgnoreCase));
        var eligible = string.Join(", ", candidates.Where(c => c.Eligible).Select(c => c.Volume.MountPoint));
        if (candidate is null)
            throw new AsrException(ErrorCatalog.RetentionDriveMissing.Create(
                $"master target '{Name}' has no volume '{wanted}'; add and format a retention disk{(eligible.Length > 0 ? $", or choose one of: {eligible}" : "")}"));
        if (!candidate.Eligible)
        {
            var detail = $"volume '{wanted}' of master target '{Name}' cannot be a retention drive: {string.Join("; ", candidate.Reasons)}";
            // No eligible volume at all, or an unformatted one, is a missing retention disk (PRE-9); a wrong choice is RP-4.
            throw new AsrException(eligible.Length == 0 || candidate.Volume.FileSystem is null
                ? ErrorCatalog.RetentionDriveMissing.Create($"{detail}; no volume is eligible: add and format a retention disk")
                : ErrorCatalog.RetentionVolumeNotEligible.Create($"{detail}; eligible volumes: {eligible}"));
        }
        RetentionVolume = candidate.Volume;
        return candidate.Volume;
    }

    /// <summary>Attaches a failback VMDK; a 61st disk is refused.</summary>
    public void AttachDisk(string diskId)
    {
        if (_attached.Contains(diskId)) return;
        if (_attached.Count >= MaxAttachedDisks)
            throw new AsrException(ErrorCatalog.MasterTargetCapacity.Create(
                $"master target '{Name}' already has {MaxAttachedDisks} disks attached, its limit; add another master target for more failback traffic"));
        _attached.Add(diskId);
    }

    public void DetachDisk(string diskId) => _attached.Remove(diskId);
}
