using Failback.Lab.Sessions;
using Failback.Scenarios.Language;

namespace Failback.Lab.Http;

/// <summary>One lab of a class as its instructor follows it: time, pace, score, objectives reached, the trainee's actions and refusals.</summary>
public sealed record ClassLab(string Name, string Title, string Now, string Pace, int Score, int MaxScore, int Reached, int Objectives, int Actions, int Refused, string? LastAction);

/// <summary>
/// The class: every lab the host serves (its folder), each opened and read as its report reads it. Only the host's
/// control token (the class token <c>drill lab serve</c> prints, which opens every lab as its instructor) sees it.
/// </summary>
internal static class ClassView
{
    public static async Task<List<ClassLab>> OfAsync(LabRegistry registry)
    {
        var labs = new List<ClassLab>();
        foreach (var info in registry.List())
        {
            LabSession session;
            try
            {
                session = await registry.OpenAsync(info.Name);
            }
            catch (LabInputException e)
            {
                // A lab another process holds, or one that no longer opens: listed with the reason, the others still shown.
                labs.Add(new ClassLab(info.Name, info.Title, "", $"not open here: {e.Message}", 0, 0, 0, 0, 0, 0, null));
                continue;
            }
            var report = await LabReport.OfAsync(session);
            var pace = session.Paused ? "paused" : session.Manual ? "manual" : $"{session.Speed:0.##}x";
            var last = report.Actions.LastOrDefault(a => a.Role == LabRole.Trainee);
            labs.Add(new ClassLab(info.Name, report.Title, Quantities.FormatDuration(session.Now), pace, report.Score, report.MaxScore,
                report.Objectives.Count(o => o.Held), report.Objectives.Count, report.Actions.Count(a => a.Role == LabRole.Trainee),
                report.Mistakes.Count(a => a.Role == LabRole.Trainee), last is null ? null : $"{last.Name} ({last.Outcome.ToString().ToLowerInvariant()})"));
        }
        return labs;
    }

    /// <summary>Whether <paramref name="token"/> is the class token: the control token of the host serving the registry's folder.</summary>
    public static bool Opens(LabRegistry registry, string? token) => registry.Control?.Opens(token) == true;
}
