namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// A volume of the master target, as the retention-drive list (RP-4) and the Linux layout (MT-2) see it:
/// its file system is empty when unformatted; <paramref name="UsedFor"/> names what already uses it.
/// </summary>
public sealed record VolumeFacts(
    string Name,
    string FileSystem,
    long CapacityBytes,
    string? UsedFor = null,
    bool Locked = false,
    bool IsCacheVolume = false);
