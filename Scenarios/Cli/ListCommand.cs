using System.Text;
using System.Text.Json;
using Failback.Scenarios.Running;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill list [--json] [--dir DIR]</c>: the drill library with titles and covered rules; <c>drill list --rules</c>: the rule applicability matrix.</summary>
internal static class ListCommand
{
    public const string Usage = """
          list [--json] [--dir DIR]                  the drills (Scenarios/drills) with their titles and covered rules
          list --rules                               which operations check each rule, and the objects it looks at
        """;

    public static int Run(ArgReader args)
    {
        if (args.Flag("--rules"))
        {
            args.Positionals(0, 0, "nothing");
            Console.Out.Write(Failback.Engine.Orchestration.Rules.RuleApplicability.Render());
            return ExitCodes.Ok;
        }
        var json = args.Flag("--json");
        var dir = args.Option("--dir") ?? DrillLibrary.Folder();
        args.Positionals(0, 0, "nothing");
        if (File.Exists(dir)) throw new UsageException($"--dir '{dir}' is a file; name the folder that holds the drills.");
        if (!Directory.Exists(dir)) throw new UsageException($"--dir '{dir}': no such folder.");
        var drills = DrillLibrary.Files(dir);
        var bound = RunCommand.Bind(drills);
        if (bound is null) return ExitCodes.BadInput;
        if (json)
        {
            JsonOutput.Print(w =>
            {
                w.WriteStartArray();
                foreach (var b in bound)
                {
                    w.WriteStartObject();
                    w.WriteString("file", b.Scenario.File);
                    w.WriteString("title", b.Scenario.Title);
                    w.WriteStartArray("covers");
                    foreach (var c in b.Scenario.Covers) w.WriteStringValue(c.Id);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }
        foreach (var b in bound)
            Console.Out.WriteLine(Terminal.Escape($"{b.Scenario.File}\n    {b.Scenario.Title}\n    covers: {string.Join(", ", b.Scenario.Covers.Select(c => c.Id))}", keepLines: true));
        return ExitCodes.Ok;
    }
}
