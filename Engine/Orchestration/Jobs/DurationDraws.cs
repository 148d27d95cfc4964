namespace Failback.Engine.Orchestration.Jobs;

/// <summary>
/// The vault's seeded draws of <see cref="AsrDurations"/>' waits: SplitMix64 from one seed (the engine draws nothing
/// from ambient randomness), whole seconds, so the same seed gives the same waits in the same order.
/// </summary>
internal sealed class DurationDraws(AsrDurations durations, ulong seed)
{
    private ulong _state = seed;

    public AsrDurations Durations { get; } = durations ?? throw new ArgumentNullException(nameof(durations));

    /// <summary>A wait from <paramref name="range"/>; zero for an empty range, without drawing (so <see cref="AsrDurations.Instant"/> draws nothing).</summary>
    public TimeSpan Next(DurationRange range)
    {
        if (range.Max <= TimeSpan.Zero) return TimeSpan.Zero;
        var (min, max) = (range.Min.TotalSeconds, Math.Max(range.Min.TotalSeconds, range.Max.TotalSeconds));
        return TimeSpan.FromSeconds(Math.Round(min + (max - min) * NextDouble()));
    }

    private double NextDouble()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
