namespace Failback.Simulators.Kernel;

/// <summary>A failure inside simulated code, carrying what is needed to replay it.</summary>
public sealed class SimulationException(string message, ulong seed, DateTimeOffset virtualTime, TimeSpan elapsed, Exception? inner = null)
    : Exception($"{message} (seed {seed}, virtual time {virtualTime:yyyy-MM-ddTHH:mm:ss.fffZ}, +{elapsed:c})", inner)
{
    public ulong Seed { get; } = seed;
    public DateTimeOffset VirtualTime { get; } = virtualTime;
    public TimeSpan Elapsed { get; } = elapsed;
}
