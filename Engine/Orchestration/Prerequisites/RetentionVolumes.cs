using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Which master-target volumes ASR lists as retention drives (RP-4): registration and failback both ask here.</summary>
internal static class RetentionVolumes
{
    /// <summary>Why the volume cannot hold the retention journal; empty when it can.</summary>
    [RuleCheck("RP-4")]
    public static IReadOnlyList<string> WhyNotEligible(VolumeFacts volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var reasons = new List<string>();
        if (volume.UsedFor is { } use) reasons.Add($"it is used as {use}");
        if (volume.Locked) reasons.Add("it is locked");
        if (volume.IsCacheVolume) reasons.Add("it is the cache volume where the master target or process server is installed");
        if (volume.FileSystem.Length == 0) reasons.Add("it is not formatted");
        else if (IsFat(volume.FileSystem)) reasons.Add($"its file system is {volume.FileSystem}");
        if (volume.CapacityBytes <= 0) reasons.Add("its capacity is zero");
        return reasons;
    }

    public static IEnumerable<VolumeFacts> Eligible(IEnumerable<VolumeFacts> volumes) => volumes.Where(v => WhyNotEligible(v).Count == 0);

    private static bool IsFat(string fileSystem) =>
        fileSystem.Equals("FAT", StringComparison.OrdinalIgnoreCase) || fileSystem.Equals("FAT32", StringComparison.OrdinalIgnoreCase) ||
        fileSystem.Equals("vfat", StringComparison.OrdinalIgnoreCase);
}
