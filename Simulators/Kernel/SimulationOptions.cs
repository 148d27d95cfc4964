namespace Failback.Simulators.Kernel;

public sealed record SimulationOptions
{
    public ulong Seed { get; init; }
    public DateTimeOffset Epoch { get; init; } = VirtualClock.DefaultEpoch;
    /// <summary>Where the JSON-lines trace goes; null keeps events in memory only for listeners.</summary>
    public Stream? TraceOutput { get; init; }
    /// <summary>
    /// Hosted inside another scheduler (Coyote's TestingEngine): the kernel installs no scheduler and
    /// <see cref="Simulation.RunHostedAsync"/> drives the clock from a task.
    /// </summary>
    public bool Hosted { get; init; }
    /// <summary>A run whose main work has not finished by this virtual time fails.</summary>
    public TimeSpan MaxVirtualTime { get; init; } = TimeSpan.FromDays(366);
}
