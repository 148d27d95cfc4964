using Failback.Simulators.VCenter.Tasks;

namespace Failback.Simulators.VCenter;

/// <summary>Where the site keeps its files and how fast its servers answer.</summary>
public sealed record VSphereSiteOptions
{
    /// <summary>The folder that holds one subfolder per datastore (and <c>physical/</c> for physical servers' disks).</summary>
    public required string RootDirectory { get; init; }
    public VCenterLatency Latency { get; init; } = new();
    /// <summary>Virtual time a login, discovery or disk open takes on the wire.</summary>
    public TimeSpan CallLatency { get; init; } = TimeSpan.FromMilliseconds(20);
}
