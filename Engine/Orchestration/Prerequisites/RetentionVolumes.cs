namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Which master-target volumes ASR lists as retention drives (RP-4).</summary>
public static class RetentionVolumes
{
    /// <summary>Null when the volume can hold the retention journal; otherwise why it is not listed.</summary>
    public static string? WhyNotEligible(VolumeFacts volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.UsedAsReplicationTarget) return "it is used as a replication target";
        if (volume.Locked) return "it is locked";
        if (volume.IsCacheVolume) return "it is the cache volume where the master target or process server is installed";
        if (string.IsNullOrWhiteSpace(volume.FileSystem)) return "it is not formatted (PRE-9)";
        if (volume.FileSystem.Equals("FAT", StringComparison.OrdinalIgnoreCase) || volume.FileSystem.Equals("FAT32", StringComparison.OrdinalIgnoreCase) ||
            volume.FileSystem.Equals("vfat", StringComparison.OrdinalIgnoreCase))
            return $"its file system is {volume.FileSystem}";
        if (volume.CapacityBytes <= 0) return "its capacity is zero";
        return null;
    }

    public static IEnumerable<VolumeFacts> Eligible(IEnumerable<VolumeFacts> volumes) => volumes.Where(v => WhyNotEligible(v) is null);
}
