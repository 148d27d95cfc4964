using Failback.Scenarios.Language;
using Failback.Scenarios.Running;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill run FILE... [--seed N] [--json] [--junit FILE] [--trace FILE] [--keep]</c>.</summary>
internal static class RunCommand
{
    public const string Usage = """
          run FILE... [--seed N] [--json] [--junit FILE] [--trace FILE] [--keep]
                                                     runs scenarios; exit 0 if every expectation holds, 1 if one fails
        """;

    public static int Run(ArgReader args)
    {
        var seed = args.UInt64Option("--seed");
        var json = args.Flag("--json");
        var keep = args.Flag("--keep");
        var junit = args.Option("--junit");
        var tracePath = args.Option("--trace");
        var files = args.Positionals(1, int.MaxValue, "scenario FILE");
        if (tracePath is not null && files.Count > 1) throw new UsageException("--trace takes one scenario; run the files one by one to trace each.");
        // Bind every file and check every output before running any, so bad input stops the command before it creates anything.
        var bound = Bind(files);
        if (bound is null) return ExitCodes.BadInput;
        OutputFile.Check(junit, "--junit");
        OutputFile.Check(tracePath, "--trace");

        var reports = new List<RunReport>();
        foreach (var scenario in bound)
        {
            var outcome = ScenarioRunner.Run(scenario, new RunOptions { Seed = seed, KeepFolder = keep, CaptureTrace = tracePath is not null });
            reports.Add(outcome.Report);
            if (!json) Console.Out.Write(Terminal.Escape(ReportWriter.Text(outcome.Report), keepLines: true));
            if (outcome.KeptFolder is not null) Console.Error.WriteLine($"drill: kept the run's files in {outcome.KeptFolder}");
            if (tracePath is not null) OutputFile.Write(tracePath, "--trace", outcome.Trace!);
            if (!outcome.Report.Passed && !json)
                Console.Out.WriteLine(Terminal.Escape($"  replay: ./drill replay {outcome.Report.File} --seed {outcome.Report.Seed}"));
        }
        if (json) Console.Out.Write(ReportWriter.Json(reports));
        if (junit is not null) OutputFile.Write(junit, "--junit", ReportWriter.JUnit(reports));
        return reports.All(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Every file bound, or null after printing each error as file:line:column.</summary>
    public static List<BoundScenario>? Bind(IEnumerable<string> files)
    {
        var bound = new List<BoundScenario>();
        var ok = true;
        foreach (var file in files)
        {
            try
            {
                bound.Add(BoundScenario.Load(file));
            }
            catch (ScenarioError e)
            {
                Terminal.Error(e.Message);
                ok = false;
            }
        }
        return ok ? bound : null;
    }
}
