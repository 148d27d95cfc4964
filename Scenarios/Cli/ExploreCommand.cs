using Failback.Scenarios.Running;
using Spectre.Console;

namespace Failback.Scenarios.Cli;

/// <summary>
/// <c>drill explore FILE --seeds A..B [--faults random] [--json]</c>: runs one scenario under many seeds
/// (with random faults) and checks the invariants; each failing seed is printed with its replay command.
/// Expectations may fail under random faults; invariants may not.
/// </summary>
public static class ExploreCommand
{
    public const string Usage = """
          explore FILE --seeds A..B [--faults random] [--jobs N] [--json]
                                                     runs FILE under each seed (N at a time, default: one per core) and checks the invariants
          replay FILE --seed N [--faults random]     re-runs one seed and prints its trace
        """;

    public static int Run(ArgReader args)
    {
        var seedsText = args.Option("--seeds") ?? throw new UsageException("explore needs --seeds A..B.");
        var random = Faults(args);
        var json = args.Flag("--json");
        var jobs = args.Option("--jobs") is { } j ? int.TryParse(j, out var n) && n >= 1 ? n : throw new UsageException($"--jobs takes a positive number, not '{j}'.") : Environment.ProcessorCount;
        var file = args.Positionals(1, 1, "scenario FILE")[0];
        var (first, last) = Range(seedsText);
        var bound = RunCommand.Bind([file]);
        if (bound is null) return ExitCodes.BadInput;
        var scenario = bound[0];

        var total = (int)(last - first + 1);
        // Each seed's simulation is single-threaded and independent, so seeds run side by side, one per thread;
        // results are kept by seed, so the output does not depend on which finished first.
        var reasons = new string?[total];
        var next = -1;
        var done = 0;
        void Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var seed = first + (ulong)i;
                var report = ScenarioRunner.Run(scenario, new RunOptions { Seed = seed, ExtraFaults = random ? RandomFaults.For(seed) : [] }).Report;
                reasons[i] = report.Aborted ?? (report.Violations.Count > 0 ? string.Join("; ", report.Violations) : null);
                Interlocked.Increment(ref done);
            }
        }
        var workers = Enumerable.Range(0, Math.Min(jobs, total)).Select(_ => new Thread(Worker)).ToList();
        foreach (var w in workers) w.Start();
        if (!json && !Console.IsOutputRedirected)
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"exploring {total} seeds", maxValue: total);
                while (workers.Any(w => w.IsAlive))
                {
                    task.Value = Volatile.Read(ref done);
                    Thread.Sleep(100);
                }
                task.Value = total;
            });
        foreach (var w in workers) w.Join();
        var failures = reasons.Select((w, i) => (Seed: first + (ulong)i, Why: w)).Where(f => f.Why is not null).Select(f => (f.Seed, Why: f.Why!)).ToList();

        var faults = random ? " --faults random" : "";
        if (json)
        {
            JsonOutput.Print(w =>
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteNumber("seeds", total);
                w.WriteStartArray("failures");
                foreach (var (seed, why) in failures)
                {
                    w.WriteStartObject();
                    w.WriteNumber("seed", seed);
                    w.WriteString("why", why);
                    w.WriteString("replay", $"./drill replay {file} --seed {seed}{faults}");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }, indented: false);
        }
        else
        {
            foreach (var (seed, why) in failures)
                Console.Out.WriteLine($"seed {seed}: {why}\n  replay: ./drill replay {file} --seed {seed}{faults}");
            Console.Out.WriteLine($"{file}: {total} seed(s) explored{(random ? " with random faults" : "")}, {failures.Count} invariant violation(s).");
        }
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary><c>drill replay FILE --seed N [--faults random]</c>: the trace of one run, then its report.</summary>
    public static int Replay(ArgReader args)
    {
        var seed = args.UInt64Option("--seed") ?? throw new UsageException("replay needs --seed N.");
        var random = Faults(args);
        var file = args.Positionals(1, 1, "scenario FILE")[0];
        var bound = RunCommand.Bind([file]);
        if (bound is null) return ExitCodes.BadInput;
        var outcome = ScenarioRunner.Run(bound[0], new RunOptions { Seed = seed, CaptureTrace = true, ExtraFaults = random ? RandomFaults.For(seed) : [] });
        Console.Out.Write(outcome.Trace);
        Console.Error.Write(ReportWriter.Text(outcome.Report));
        return outcome.Report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static bool Faults(ArgReader args) => args.Option("--faults") switch
    {
        null => false,
        "random" => true,
        var other => throw new UsageException($"--faults takes 'random', not '{other}'."),
    };

    private static (ulong First, ulong Last) Range(string text)
    {
        var parts = text.Split("..");
        if (parts.Length == 2 && ulong.TryParse(parts[0], out var a) && ulong.TryParse(parts[1], out var b) && a <= b && b - a < 1_000_000)
            return (a, b);
        throw new UsageException($"--seeds takes a range A..B with A <= B (e.g. 1..200), not '{text}'.");
    }
}
