using Failback.Simulators.Disks.Check;

namespace Failback.Simulators.Disks;

/// <summary>What <see cref="DiskImage.Check"/> found; an empty problem list means healthy.</summary>
public sealed record DiskCheckResult(string Path, DiskFormat? Format, IReadOnlyList<DiskProblem> Problems)
{
    public bool IsHealthy => Problems.Count == 0;
}
