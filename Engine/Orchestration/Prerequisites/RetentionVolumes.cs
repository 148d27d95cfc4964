using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>Which master-target volumes ASR lists as retention drives (RP-4): registration and failback both ask here.</summary>
internal static class RetentionVolumes
{
    /// <summary>Why the volume cannot hold the retention journal; empty when it can.</summary>
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

    /// <summary>The retention volume named for the reprotect is one the list shows (a master target with none listed is PRE-9's).</summary>
    [RuleCheck("RP-4")]
    public static AsrError? NamedVolumeListed(ProtectedItem item, FailbackRequest request)
    {
        if (request.Environment.MasterTarget is not { } mt || !Eligible(mt.Volumes).Any()) return null;
        var volume = mt.Volumes.FirstOrDefault(v => string.Equals(v.Name, request.Input.RetentionVolume, StringComparison.Ordinal));
        if (volume is null)
            return ErrorCatalog.RetentionVolumeNotEligible.Create($"master target '{mt.Name}' has no volume '{request.Input.RetentionVolume}'");
        return WhyNotEligible(volume) is { Count: > 0 } why
            ? ErrorCatalog.RetentionVolumeNotEligible.Create($"volume '{volume.Name}' of master target '{mt.Name}' is not listed: {string.Join("; ", why)}")
            : null;
    }

    public static IEnumerable<VolumeFacts> Eligible(IEnumerable<VolumeFacts> volumes) => volumes.Where(v => WhyNotEligible(v).Count == 0);

    private static bool IsFat(string fileSystem) =>
        fileSystem.Equals("FAT", StringComparison.OrdinalIgnoreCase) || fileSystem.Equals("FAT32", StringComparison.OrdinalIgnoreCase) ||
        fileSystem.Equals("vfat", StringComparison.OrdinalIgnoreCase);
}
