using Failback.Engine.Ports;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary><c>- wait: 30m</c>: lets virtual time pass; whatever runs in the background (workloads, replication) goes on.</summary>
internal static class WaitStep
{
    public static Func<DrillWorld, Task<string>> Bind(Node args)
    {
        var duration = args.AsDuration();
        if (duration <= TimeSpan.Zero) throw args.Error($"{args.Path} must be a positive duration.");
        return async world =>
        {
            await world.Simulation.Clock.Delay(duration);
            return $"waited {Quantities.FormatDuration(duration)}";
        };
    }
}
