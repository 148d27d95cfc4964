using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Rules;
using Failback.Scenarios.Language;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Which cells of the applicability matrix (<see cref="RuleApplicability"/>) the drill library exercises: a drill step runs
/// a matrix operation (enable-protection; reprotect, failover and their plan forms, told apart by where the machine runs
/// then, followed through the drill's failovers) and either expects a refusal whose code is the rule's (<c>fails-with</c>)
/// or passes in a drill that names the rule (<c>covers:</c>). Read from the files alone: nothing runs.
/// </summary>
internal static class RuleMatrixCoverage
{
    /// <summary>One step running a matrix operation: the operation, the code it expects to fail with (null: it passes), where.</summary>
    public sealed record Exercise(string Operation, string? FailsWith, string Drill, int Line);

    /// <summary>The (rule, operation) cells of the matrix no drill in <paramref name="drills"/> exercises, as "RULE operation".</summary>
    public static IReadOnlyList<string> Uncovered(IEnumerable<string> drills)
    {
        var covered = new HashSet<(string, string)>();
        var codes = ErrorCatalog.All.Where(e => e.Rule is not null).ToLookup(e => e.Code, e => e.Rule!);
        foreach (var file in drills)
        {
            var scenario = ScenarioParser.ParseFile(file, new HashSet<string>(RuleCatalog.Rules.Keys, StringComparer.Ordinal));
            var covers = scenario.Covers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var e in Exercises(scenario))
            {
                if (e.FailsWith is { } code) foreach (var rule in codes[code]) covered.Add((rule, e.Operation));
                else foreach (var rule in covers) covered.Add((rule, e.Operation));
            }
        }
        return [.. RuleApplicability.Rows.SelectMany(r => r.Operations.Where(o => !covered.Contains((r.Rule, o))).Select(o => $"{r.Rule} {o}"))];
    }

    /// <summary>The matrix operations a drill's steps run, in order, following where each machine runs.</summary>
    public static IEnumerable<Exercise> Exercises(Scenario scenario)
    {
        var inAzure = new HashSet<string>(StringComparer.Ordinal);
        var plans = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var step in scenario.Steps.SelectMany(Flatten))
        {
            if (!step.Args.IsMap) continue;
            var m = step.Args.AsMap();
            var failsWith = m.Optional("fails-with")?.AsString();
            var vms = m.Optional("vm")?.AsListOrOne().Select(n => n.AsString()).ToList() ?? [];
            var plan = m.Optional("plan")?.AsString();
            var members = plan is not null && plans.TryGetValue(plan, out var p) ? p : vms;
            var direction = m.Optional("direction")?.AsString();
            string? operation = null;
            switch (step.Kind)
            {
                case "create-plan":
                    plans[m.Required("name").AsString()] = [.. m.Required("groups").AsList().SelectMany(g => g.AsListOrOne()).Select(n => n.AsString())];
                    break;
                case "enable-protection":
                    operation = RuleApplicability.Enable;
                    break;
                case "reprotect" or "plan-reprotect":
                    var back = direction is null ? members.Any(inAzure.Contains) : direction == "to-on-premises";
                    operation = back ? RuleApplicability.ReprotectToOnPremises : RuleApplicability.ReprotectToAzure;
                    break;
                case "failover" or "plan-failover":
                    var fromAzure = members.Any(inAzure.Contains);
                    if (fromAzure) operation = RuleApplicability.FailoverToOnPremises;
                    if (failsWith is null)
                        foreach (var vm in members)
                            if (fromAzure) inAzure.Remove(vm); else inAzure.Add(vm);
                    break;
            }
            if (operation is not null) yield return new Exercise(operation, failsWith, scenario.File, step.Where.Line);
        }
    }

    /// <summary>A step, or the steps of a parallel step.</summary>
    private static IEnumerable<ScenarioItem> Flatten(ScenarioItem step) =>
        step.Kind == "parallel" && step.Args.IsList
            ? step.Args.AsList().Select((n, i) => n.AsMap().Entries[0] is var e ? new ScenarioItem(i, e.Key, e.Value, e.KeyNode) : step)
            : [step];
}
