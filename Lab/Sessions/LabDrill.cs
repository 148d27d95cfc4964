using Failback.Scenarios.Language;
using Failback.Scenarios.Running;

namespace Failback.Lab.Sessions;

/// <summary>
/// The drill a lab starts from: its topology, faults and steps (the starting state), bound as <c>drill run</c> binds
/// them, and the exercise's objectives.
/// </summary>
public sealed class LabDrill
{
    private LabDrill(string file, string text, BoundScenario bound)
    {
        File = file;
        Text = text;
        Bound = bound;
    }

    public string File { get; }
    public string Text { get; }
    public BoundScenario Bound { get; }
    public string Title => Bound.Scenario.Title;

    /// <summary>Reads a drill file (as <c>drill run</c> does: size, regular file); bad input is a located <see cref="ScenarioError"/>.</summary>
    public static LabDrill Load(string path)
    {
        var full = Path.GetFullPath(path);
        // Checks the file as drill run does (a regular file, at most 1 MiB) before reading it.
        ScenarioParser.ParseFile(full, BoundScenario.KnownRules);
        return Parse(full, System.IO.File.ReadAllText(full));
    }

    public static LabDrill Parse(string file, string text) => new(file, text, BoundScenario.Parse(file, text));
}
