using Failback.Scenarios.World;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Running;

/// <summary>How to run: the seed (null: the scenario's), extra fault rules (explore), whether to keep the run's folder and capture the trace.</summary>
public sealed record RunOptions
{
    public ulong? Seed { get; init; }
    public IReadOnlyList<FaultRule> ExtraFaults { get; init; } = [];
    public bool KeepFolder { get; init; }
    public bool CaptureTrace { get; init; }
    /// <summary>A run whose steps have not finished by this virtual time is aborted.</summary>
    public TimeSpan MaxVirtualTime { get; init; } = TimeSpan.FromDays(30);
    /// <summary>The ports the world's vault is built on: the simulators' own, or the caller's decorators and replacements.</summary>
    public WorldPorts Ports { get; init; } = WorldPorts.Simulated;
}
