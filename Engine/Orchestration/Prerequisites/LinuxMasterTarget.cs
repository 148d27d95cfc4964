using Failback.Engine.Orchestration.Rules;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>What a Linux master target must be (MT-2) and have installed (MT-4): registration and failback both ask here.</summary>
internal static class LinuxMasterTarget
{
    public const string Os = "CentOS 6.6";

    /// <summary>The partitions MT-2 asks for on ext4 (plus swap).</summary>
    public static IReadOnlyList<string> Partitions { get; } = ["/", "/var/crash", "/home"];

    /// <summary>The packages a Linux master target needs (MT-4).</summary>
    public static IReadOnlyList<string> Packages { get; } =
        ["xfsprogs", "perl", "lsscsi", "rsync", "wget", "kexec-tools", "device-mapper-multipath"];

    /// <summary>What MT-4 adds when a source's root or boot device uses ReiserFS or XFS.</summary>
    public static IReadOnlyList<string> ReiserFsPackages { get; } = ["kmod-reiserfs", "reiserfs-utils", "xfsprogs"];

    /// <summary>How the guest falls short of CentOS 6.6 minimal with ext4 /, /var/crash, /home and swap; empty when it does not.</summary>
    [RuleCheck("MT-2")]
    public static IReadOnlyList<string> OsProblems(string name, string osName, IReadOnlyCollection<VolumeFacts> volumes)
    {
        var problems = new List<string>();
        if (!OsNames.IsCentOs66(osName))
            problems.Add($"A Linux master target must run {Os} (minimal); '{name}' runs {osName}.");
        foreach (var mount in Partitions)
        {
            var volume = volumes.FirstOrDefault(v => v.Name == mount);
            if (volume?.FileSystem != "ext4")
                problems.Add($"Linux master target '{name}' needs {mount} as an ext4 partition{(volume is null ? "" : $", not {(volume.FileSystem.Length == 0 ? "unformatted" : volume.FileSystem)}")}.");
        }
        if (!volumes.Any(v => v.FileSystem == "swap"))
            problems.Add($"Linux master target '{name}' needs a swap partition.");
        return problems;
    }

    /// <summary>The packages the guest lacks, with ReiserFS support when the source boots from ReiserFS or XFS.</summary>
    [RuleCheck("MT-4")]
    public static IReadOnlyList<string> MissingPackages(IReadOnlyCollection<string> installed, string sourceBootFileSystem)
    {
        var needsReiserFs = sourceBootFileSystem.Equals("reiserfs", StringComparison.OrdinalIgnoreCase) ||
                            sourceBootFileSystem.Equals("xfs", StringComparison.OrdinalIgnoreCase);
        return [.. Packages.Concat(needsReiserFs ? ReiserFsPackages : []).Distinct(StringComparer.Ordinal).Where(p => !installed.Contains(p))];
    }
}
