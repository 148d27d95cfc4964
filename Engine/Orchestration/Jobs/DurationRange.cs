namespace Failback.Engine.Orchestration.Jobs;

/// <summary>A wait drawn uniformly between <see cref="Min"/> and <see cref="Max"/> (both inclusive) from the vault's seeded draws.</summary>
public readonly record struct DurationRange(TimeSpan Min, TimeSpan Max)
{
    public static DurationRange Minutes(double min, double max) => new(TimeSpan.FromMinutes(min), TimeSpan.FromMinutes(max));

    public static DurationRange Seconds(double min, double max) => new(TimeSpan.FromSeconds(min), TimeSpan.FromSeconds(max));

    public static DurationRange Zero { get; } = default;
}
