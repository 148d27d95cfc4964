using Failback.Scenarios.Running;
using Spectre.Console;

namespace Failback.Scenarios.Cli;

/// <summary>
/// <c>drill explore FILE --seeds A..B [--shard K/N] [--faults random] [--json] [--junit FILE]</c>: runs one scenario
/// under many seeds (with random faults) and checks the invariants; each failing seed is printed with its replay
/// command. <c>explore merge</c> joins the reports of shards run on several machines.
/// Expectations may fail under random faults; invariants may not.
/// </summary>
internal static class ExploreCommand
{
    public const string Usage = """
          explore FILE --seeds A..B [--shard K/N] [--faults random] [--jobs N] [--json] [--junit FILE]
                                                     runs FILE under each seed (N at a time, default: one per core) and checks the invariants;
                                                     --shard K/N explores every Nth seed from A+K (--shard N: K from JOB_COMPLETION_INDEX)
          explore merge SHARD.json... [--json] [--junit FILE]
                                                     the shards' --json reports as one report, as a single run over the seeds gives
          replay FILE --seed N [--faults random]     re-runs one seed and prints its trace
        """;

    public static int Run(ArgReader args)
    {
        if (args.Remaining.FirstOrDefault() == "merge") return Merge(new ArgReader(args.Remaining.Skip(1)));
        var seedsText = args.Option("--seeds") ?? throw new UsageException("explore needs --seeds A..B.");
        var random = Faults(args);
        var json = args.Flag("--json");
        var junit = args.Option("--junit");
        var shard = ShardOption(args.Option("--shard"));
        var jobs = args.Option("--jobs") is { } j ? int.TryParse(j, out var n) && n >= 1 ? n : throw new UsageException($"--jobs takes a positive number, not '{j}'.") : Environment.ProcessorCount;
        var file = args.Positionals(1, 1, "scenario FILE")[0];
        var (first, last) = Range(seedsText);
        var bound = RunCommand.Bind([file]);
        if (bound is null) return ExitCodes.BadInput;
        OutputFile.Check(junit, "--junit");
        var scenario = bound[0];

        var seeds = shard.Seeds(first, last).ToArray();
        var total = seeds.Length;
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
                var seed = seeds[i];
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
        var failures = seeds.Zip(reasons).Where(f => f.Second is not null).Select(f => new ExploreFailure(f.First, f.Second!)).ToList();
        return Print(new ExploreReport(file, first, last, random, shard, total, failures), json, junit);
    }

    /// <summary><c>drill explore merge SHARD.json...</c>: the shards of one campaign as one report and one JUnit file.</summary>
    private static int Merge(ArgReader args)
    {
        var json = args.Flag("--json");
        var junit = OutputFile.Check(args.Option("--junit"), "--junit");
        var files = args.Positionals(1, int.MaxValue, "the shards' report files (explore --json output)");
        var shards = new List<ExploreReport>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new UsageException($"{file}: no such file.");
            if (new FileInfo(file).Length is 0 or > 64L << 20) throw new UsageException($"{file}: not a shard report (empty, not a regular file, or over 64MiB).");
            try
            {
                shards.Add(ExploreReport.Parse(File.ReadAllText(file)));
            }
            catch (FormatException e)
            {
                throw new UsageException($"{file}: not a shard report of explore --json: {e.Message}");
            }
        }
        ExploreReport merged;
        try
        {
            merged = ExploreReport.Merge(shards);
        }
        catch (FormatException e)
        {
            throw new UsageException($"cannot merge: {e.Message}");
        }
        return Print(merged, json, junit);
    }

    private static int Print(ExploreReport report, bool json, string? junit)
    {
        if (json) Console.Out.Write(report.Json());
        else
        {
            foreach (var f in report.Failures)
                Console.Out.WriteLine(Terminal.Escape($"seed {f.Seed}: {f.Why}\n  replay: {report.Replay(f.Seed)}", keepLines: true));
            var shard = report.Shard.Count > 1 ? $" (shard {report.Shard})" : "";
            Console.Out.WriteLine(Terminal.Escape($"{report.File}: {report.Seeds} seed(s) explored{shard}{(report.RandomFaults ? " with random faults" : "")}, {report.Failures.Count} invariant violation(s)."));
        }
        if (junit is not null) OutputFile.Write(junit, "--junit", report.JUnit());
        return report.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary><c>--shard K/N</c>, or <c>--shard N</c> with K from <c>JOB_COMPLETION_INDEX</c> (a Kubernetes Indexed Job sets it).</summary>
    private static Shard ShardOption(string? text)
    {
        if (text is null) return Shard.Whole;
        if (!text.Contains('/'))
        {
            var index = Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX")
                ?? throw new UsageException($"--shard {text} takes K from JOB_COMPLETION_INDEX, which is not set; write --shard K/{text}.");
            text = $"{index}/{text}";
        }
        try
        {
            return Shard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--shard: {e.Message}");
        }
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
        Console.Error.Write(Terminal.Escape(ReportWriter.Text(outcome.Report), keepLines: true));
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
