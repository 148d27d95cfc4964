namespace Failback.Simulators.Kernel;

/// <summary>What a fault rule decided for one call: wait <see cref="Delay"/>, then raise <see cref="Fault"/> if set.</summary>
public sealed record FaultHit(FaultRule Rule, TimeSpan Delay, string? Fault, string? Detail);
