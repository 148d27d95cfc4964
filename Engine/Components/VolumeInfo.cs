namespace Failback.Engine.Components;

/// <summary>
/// A volume of the master target's guest as a file-system probe reports it: where it is mounted,
/// its file system (null when unformatted), its size, and what the server already uses it for.
/// </summary>
public sealed record VolumeInfo(string MountPoint, string? FileSystem, long CapacityBytes, bool Locked = false, string? UsedFor = null);

/// <summary>A volume offered as a retention drive, or the reasons it is not (RP-4).</summary>
public sealed record RetentionCandidate(VolumeInfo Volume, IReadOnlyList<string> Reasons)
{
    public bool Eligible => Reasons.Count == 0;
}
