namespace Failback.Simulators.Kernel;

/// <summary>
/// A declarative fault, in the style of vcsim's FaultInjectionRule but reproducible: which calls it
/// matches (target, operation and object, with <c>*</c> and <c>?</c> wildcards), how often it fires
/// (skip the first matches, fire at most Count times, each time with a probability drawn from the
/// seeded choices), and what it does (a delay before answering and/or a fault in the target's own
/// vocabulary, e.g. "NoPermission", "429", "partition", "crash").
/// </summary>
public sealed record FaultRule
{
    /// <summary>A fault site's target (vcenter, azure, network: see <see cref="FaultSite"/>), or * for any.</summary>
    public required string Target { get; init; }
    public string Operation { get; init; } = "*";
    public string Object { get; init; } = "*";
    public double Probability { get; init; } = 1.0;
    /// <summary>At most this many firings; null means unlimited.</summary>
    public int? Count { get; init; }
    /// <summary>Matching calls that pass untouched before the rule starts firing.</summary>
    public int Skip { get; init; }
    public TimeSpan Delay { get; init; }
    /// <summary>The fault to raise; null for a rule that only delays.</summary>
    public string? Fault { get; init; }
    /// <summary>Extra detail for the fault, e.g. Retry-After seconds for a 429.</summary>
    public string? Detail { get; init; }
    /// <summary>Virtual-time window in which the rule is active (elapsed since the epoch).</summary>
    public TimeSpan? From { get; init; }
    public TimeSpan? Until { get; init; }
    public string? Name { get; init; }

    public override string ToString() =>
        Name ?? $"{Target}/{Operation}/{Object}->{Fault ?? "delay"}";
}
