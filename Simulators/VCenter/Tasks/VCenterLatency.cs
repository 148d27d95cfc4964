namespace Failback.Simulators.VCenter.Tasks;

/// <summary>
/// How long operations take in virtual time: a queue delay, then a duration drawn uniformly from the
/// operation's range (by vSphere method name, or <see cref="Default"/>), plus bytes copied at
/// <see cref="CopyBytesPerSecond"/> for operations that move data (relocate, consolidate).
/// </summary>
public sealed record VCenterLatency
{
    public TimeSpan Queue { get; init; } = TimeSpan.FromMilliseconds(50);
    public (TimeSpan Min, TimeSpan Max) Default { get; init; } = (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));
    public IReadOnlyDictionary<string, (TimeSpan Min, TimeSpan Max)> Methods { get; init; } = new Dictionary<string, (TimeSpan, TimeSpan)>(StringComparer.Ordinal)
    {
        ["CreateVM_Task"] = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)),
        ["PowerOnVM_Task"] = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)),
        ["RelocateVM_Task"] = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)),
        ["AddHost_Task"] = (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
        ["AddStandaloneHost_Task"] = (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)),
    };
    public long CopyBytesPerSecond { get; init; } = 200L << 20;

    /// <summary>No latency at all: every task completes in the same virtual instant.</summary>
    public static VCenterLatency None { get; } = new() { Queue = TimeSpan.Zero, Default = (TimeSpan.Zero, TimeSpan.Zero), Methods = new Dictionary<string, (TimeSpan, TimeSpan)>(), CopyBytesPerSecond = long.MaxValue };

    internal (TimeSpan Min, TimeSpan Max) For(string method) => Methods.TryGetValue(method, out var range) ? range : Default;
}
