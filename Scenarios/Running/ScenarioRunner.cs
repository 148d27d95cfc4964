using System.Text;
using Failback.Scenarios.Expectations;
using Failback.Scenarios.World;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Running;

/// <summary>
/// Runs a bound scenario in a fresh folder on the deterministic kernel: builds the world, arms the
/// faults, runs the steps in order (stopping at the first step that does not end as expected), then
/// checks the expectations and the invariants. Deterministic from the seed.
/// </summary>
public static class ScenarioRunner
{
    public static RunOutcome Run(BoundScenario bound, RunOptions? options = null) =>
        // Not hosted, nothing is awaited: the task has completed when RunAsync returns.
        RunAsync(bound, options, hosted: false).GetAwaiter().GetResult();

    /// <summary>
    /// The same run hosted by another scheduler (Coyote's TestingEngine), which then schedules every task of the
    /// world while the kernel's clock keeps the time: Coyote explores the drill's interleavings.
    /// </summary>
    public static Task<RunOutcome> RunHostedAsync(BoundScenario bound, RunOptions? options = null) => RunAsync(bound, options, hosted: true);

    private static async Task<RunOutcome> RunAsync(BoundScenario bound, RunOptions? options, bool hosted)
    {
        options ??= new RunOptions();
        var scenario = bound.Scenario;
        var seed = options.Seed ?? scenario.Seed;
        using var folder = new RunFolder(options.KeepFolder);
        var traceBuffer = options.CaptureTrace ? new MemoryStream() : null;
        var steps = new List<StepResult>();
        var expectations = new List<ExpectationResult>();
        var violations = new List<string>();
        string? aborted = null;
        long traceEvents;
        TimeSpan duration;
        using (var sim = new Simulation(new SimulationOptions { Seed = seed, TraceOutput = traceBuffer, MaxVirtualTime = options.MaxVirtualTime, Hosted = hosted }))
        {
            DrillWorld? world = null;
            var checkedAfter = new HashSet<BoundExpectation>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Expect(BoundExpectation e, DrillWorld w)
            {
                var verdict = e.Check(w, steps);
                expectations.Add(new ExpectationResult(e.Item.Index + 1, e.Item.Kind, e.Item.Where.Line, verdict.Held, e.Expected, folder.Relative(verdict.Actual)));
            }
            try
            {
                async Task Drill()
                {
                    world = await DrillWorld.BuildAsync(sim, folder, bound.Topology, options.Ports);
                    // Times in the scenario count from when the world is ready.
                    foreach (var fault in bound.Faults.Where(f => f.AtStep is null))
                        ComponentFaults.Arm(world, fault.ArmedAt(world.Origin + (fault.At ?? TimeSpan.Zero)));
                    foreach (var rule in options.ExtraFaults)
                        ComponentFaults.Arm(world, rule with { From = rule.From + world.Origin, Until = rule.Until + world.Origin });
                    foreach (var step in bound.Steps)
                    {
                        foreach (var fault in bound.Faults.Where(f => f.AtStep == step.Item.Index + 1))
                            ComponentFaults.Arm(world, fault.ArmedAt(sim.Clock.Elapsed));
                        var result = await RunStepAsync(world, step);
                        steps.Add(result);
                        foreach (var v in Invariants.RunningCopies(world))
                            if (seen.Add(v)) violations.Add($"after step {result.Index}: {v}");
                        foreach (var e in bound.Expectations.Where(e => e.AfterStep == result.Index))
                        {
                            Expect(e, world);
                            checkedAfter.Add(e);
                        }
                        if (!result.AsExpected) break;
                    }
                }
                if (hosted) await sim.RunHostedAsync(Drill);
                else sim.Run(Drill);
            }
            catch (SimulationException e)
            {
                aborted = folder.Relative(e.Message);
            }
            if (world is not null)
            {
                foreach (var e in bound.Expectations.Where(e => !checkedAfter.Contains(e)))
                {
                    if (e.AfterStep is { } after)
                        expectations.Add(new ExpectationResult(e.Item.Index + 1, e.Item.Kind, e.Item.Where.Line, false, e.Expected, $"step {after} did not run"));
                    else
                        Expect(e, world);
                }
                violations.AddRange(Invariants.RunningCopies(world).Where(seen.Add).Select(v => $"at the end: {v}"));
                violations.AddRange(Invariants.Data(world).Select(folder.Relative));
                violations.AddRange(Invariants.JobsEnded(world));
                world.Dispose();
            }
            traceEvents = sim.Trace.Count;
            duration = sim.Clock.Elapsed - (world?.Origin ?? TimeSpan.Zero);
        }
        var report = new RunReport(scenario.File, scenario.Title, seed, [.. scenario.Covers.Select(c => c.Id)], steps, [.. expectations.OrderBy(e => e.Index)], violations,
            duration, traceEvents, aborted);
        var trace = traceBuffer is null ? null : folder.Relative(Encoding.UTF8.GetString(traceBuffer.ToArray()));
        return new RunOutcome(report, trace, options.KeepFolder ? folder.Path : null);
    }

    /// <summary>Runs one bound step, deriving a failure's code as a drill reports it (the lab applies its commands through this too).</summary>
    internal static async Task<StepResult> RunStepAsync(DrillWorld world, Steps.BoundStep step)
    {
        var sim = world.Simulation;
        var start = world.Now;
        world.CurrentStep = step.Item.Index + 1;
        sim.Trace.Emit("drill", "step.started", ("step", step.Item.Index + 1), ("kind", step.Item.Kind), ("line", step.Item.Where.Line));
        string? code = null;
        string detail;
        try
        {
            detail = await step.Run(world);
        }
        catch (Exception e) when (e is not SimulationException)
        {
            (code, detail) = Steps.BoundStep.ErrorOf(e);
        }
        detail = world.Folder.Relative(detail);
        sim.Trace.Emit("drill", "step.ended", ("step", step.Item.Index + 1), ("kind", step.Item.Kind), ("error", code), ("detail", detail));
        return new StepResult(step.Item.Index + 1, step.Item.Kind, step.Item.Where.Line, start, world.Now, code is null, code, detail, step.FailsWith);
    }
}
