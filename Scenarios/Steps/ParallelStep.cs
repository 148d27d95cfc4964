using Failback.Scenarios.Language;
using Failback.Scenarios.World;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Steps;

/// <summary>
/// <c>parallel: [step, step, ...]</c>: steps started at the same virtual instant, as a runbook fires two operations
/// together. It ends when all have: done when each ended as it expected (its own <c>fails-with</c>), else failed with
/// the first that did not.
/// </summary>
internal static class ParallelStep
{
    public static Func<DrillWorld, Task<string>> Bind(Node args, Topology topology)
    {
        if (!args.IsList) throw args.Error("parallel takes a list of steps, e.g. 'parallel: [{failover: {vm: web-01}}, {failover: {vm: db-01}}]'.");
        var items = ScenarioParser.Steps(args);
        if (items.Count < 2) throw args.Error($"parallel takes at least two steps; {args.Path} has {items.Count}.");
        var steps = items.Select(i => i.Kind == "parallel" ? throw i.Where.Error("a parallel step cannot hold another parallel step.") : StepBinder.Bind(i, topology)).ToList();
        return async world =>
        {
            var outcomes = await Task.WhenAll(steps.Select(s => RunAsync(world, s)).ToArray());
            if (outcomes.FirstOrDefault(o => !o.AsExpected) is { } failed)
                throw new StepFailure(failed.Code ?? "Succeeded", $"{failed.Kind}: {failed.Detail}");
            return string.Join("; ", outcomes.Select(o => $"{o.Kind}: {o.Detail}"));
        };
    }

    private static async Task<Outcome> RunAsync(DrillWorld world, BoundStep step)
    {
        try
        {
            var detail = await step.Run(world);
            return new(step.Item.Kind, null, step.FailsWith is null ? detail : $"{detail} (expected {step.FailsWith})", step.FailsWith is null);
        }
        catch (Exception e) when (e is not SimulationException)
        {
            var (code, detail) = BoundStep.ErrorOf(e);
            var expected = step.FailsWith == code;
            return new(step.Item.Kind, code, $"{detail} [{code}{(expected ? ", as expected" : "")}]", expected);
        }
    }

    private sealed record Outcome(string Kind, string? Code, string Detail, bool AsExpected);
}
