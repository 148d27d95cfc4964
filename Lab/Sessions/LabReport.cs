using System.Text;
using Failback.Scenarios.Language;

namespace Failback.Lab.Sessions;

/// <summary>
/// An exercise's report: the score and each objective, the trainee's actions, the mistakes (refused operations with
/// their errors), the data lost at each failover against the ground truth, and the virtual time taken. No password
/// appears (steps' password fields are left out).
/// </summary>
public sealed record LabReport(
    string Lab, string Title, int Score, int MaxScore, TimeSpan Taken,
    IReadOnlyList<LabObjectiveState> Objectives, IReadOnlyList<LabAction> Actions, IReadOnlyList<LabAction> Mistakes,
    IReadOnlyList<LabDataLoss> DataLost)
{
    public static async Task<LabReport> OfAsync(LabSession session)
    {
        var objectives = await session.ObjectivesAsync();
        var actions = (await session.ActionsAsync()).Where(a => a.Kind == LabCommandKind.Step).ToList();
        var lost = await session.ReadAsync(w => (IReadOnlyList<LabDataLoss>)[.. w.Machines.SelectMany(m => m.Failovers).Select(f =>
            new LabDataLoss(f.Machine, f.Step, f.Point, f.LostWrites, f.LostBytes, f.MatchesTruth))]);
        return new LabReport(session.Name, session.Drill.Title, objectives.Sum(o => o.Score), objectives.Sum(o => o.Objective.Points),
            session.Now - session.Start, objectives, actions, [.. actions.Where(a => a.Outcome == LabOutcome.Refused)], lost);
    }

    /// <summary>The report for a person: score, objectives, mistakes, data lost, time.</summary>
    public string Summary()
    {
        var s = new StringBuilder();
        s.AppendLine($"{Title}");
        s.AppendLine($"lab {Lab}: score {Score}/{MaxScore} in {Quantities.FormatDuration(Taken)} of virtual time, {Actions.Count} actions, {Mistakes.Count} refused");
        foreach (var o in Objectives)
            s.AppendLine($"  [{(o.Held ? "x" : " ")}] {o.Objective.Title} ({o.Score}/{o.Objective.Points})");
        foreach (var m in Mistakes)
            s.AppendLine($"  mistake: step {m.Step} {m.Name} at +{Quantities.FormatDuration(m.At)}: {m.Code}: {m.Detail}");
        foreach (var d in DataLost)
            s.AppendLine($"  failover of {d.Machine} (step {d.Step}, point {d.Point}): {d.LostWrites} writes ({Quantities.FormatSize(d.LostBytes)}) lost{(d.MatchesTruth ? "" : ", the disks differ from the truth")}");
        return s.ToString();
    }
}

/// <summary>What one failover lost: the guest's writes after the recovery point.</summary>
public sealed record LabDataLoss(string Machine, int Step, string Point, int LostWrites, long LostBytes, bool MatchesTruth);
