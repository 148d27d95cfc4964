namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>A volume of the master target, as the retention-drive list (RP-4) sees it; <see cref="UsedAsReplicationTarget"/> is true for any other use.</summary>
public sealed record VolumeFacts(
    string Name,
    string FileSystem,
    long CapacityBytes,
    bool UsedAsReplicationTarget = false,
    bool Locked = false,
    bool IsCacheVolume = false);
