using Failback.Engine.Orchestration.Jobs;
using Failback.Scenarios.Language;

namespace Failback.Scenarios.World;

/// <summary>
/// A drill's top-level <c>durations:</c>: how long ASR's waits take (<see cref="AsrDurations"/>). <c>asr</c>, the
/// default, draws them from ASR's documented times; <c>instant</c> makes them zero. A drill shortens them only by saying so.
/// </summary>
internal static class DurationsOption
{
    public static readonly string[] Presets = ["asr", "instant"];

    public const string Doc = "ASR's waits (vCenter discovery 15-20m, a process server listed 10-15m, a retention drive up to 15m, "
        + "refresh about 15m, agent re-registration after failover up to 15m, an infrastructure job's prerequisites check 10-30s): "
        + "asr draws them from ASR's documented times (default); instant makes every one zero";

    /// <summary>Sets the topology's vault durations from <paramref name="node"/>; refuses an unknown preset or a drill without a vault.</summary>
    public static void Apply(Node node, Topology topology)
    {
        var name = node.AsString();
        var durations = name switch
        {
            "asr" => AsrDurations.Asr,
            "instant" => AsrDurations.Instant,
            _ => throw node.Error($"durations is '{name}'; it is one of: asr (ASR's documented waits, the default), instant (every ASR wait zero)."),
        };
        if (topology.Vault is null) throw node.Error("durations set the vault's waits, and this drill has no vault: add 'azure: {}' to the topology, or leave durations out.");
        topology.Vault.Durations = durations;
    }
}
