using Failback.Scenarios.Running;
using Failback.Scenarios.Language;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Issue 16: every (rule, operation) cell of the applicability matrix has a drill step in the library that runs that
/// operation and either expects the rule's refusal (fails-with) or passes in a drill covering the rule.
/// </summary>
public sealed class RuleMatrixCoverageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matrix-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void EveryMatrixCellHasADrillStep()
    {
        var uncovered = RuleMatrixCoverage.Uncovered(DrillLibrary.Files(RepoRoot.Drills));
        Assert.True(uncovered.Count == 0, "matrix cells no drill step exercises (rule operation): " + string.Join(", ", uncovered));
    }

    /// <summary>Planted: a library of one drill leaves most cells uncovered, and the cells it names are the ones its steps run.</summary>
    [Fact]
    public void ALibraryWithoutTheStepsLeavesTheirCellsUncovered()
    {
        var drill = Path.Combine(_dir, "one.yaml");
        File.WriteAllText(drill, """
            title: t
            steps:
              - enable-protection: {vm: app-01}
              - failover: {vm: app-01}
              - reprotect: {vm: app-01, fails-with: FB2008}
              - reprotect: {vm: app-01}
              - failover: {vm: app-01, fails-with: FB2008}
              - failover: {vm: app-01}
              - parallel: [{reprotect: {vm: app-01, fails-with: FB4005}}, {wait: 1m}]
            covers: [PRE-6]
            """);
        var uncovered = RuleMatrixCoverage.Uncovered([drill]);
        Assert.DoesNotContain("PRE-8 reprotect-to-on-premises", uncovered);
        Assert.DoesNotContain("PRE-8 failover-to-on-premises", uncovered);
        Assert.DoesNotContain("PRE-6 enable", uncovered);
        Assert.DoesNotContain("PRE-6 reprotect-to-on-premises", uncovered);
        Assert.DoesNotContain("TS-5 reprotect-to-azure", uncovered);   // back on-premises after the last failover, inside a parallel step
        Assert.Contains("TS-5 reprotect-to-on-premises", uncovered);
        Assert.Contains("PRE-6 reprotect-to-azure", uncovered);        // only a refusal with another rule's code ran there
        Assert.Contains("TS-4 failover-to-on-premises", uncovered);
    }

    [Fact]
    public void PlanStepsFollowTheirMembers()
    {
        var scenario = ScenarioParser.Parse("p.yaml", """
            title: t
            steps:
              - create-plan: {name: p1, groups: [[a, b], c]}
              - plan-failover: {plan: p1}
              - plan-reprotect: {plan: p1}
              - plan-failover: {plan: p1, fails-with: FB2005}
              - plan-reprotect: {plan: p1, direction: to-azure, fails-with: FB1101}
            """, new HashSet<string>());
        Assert.Equal(["reprotect-to-on-premises", "failover-to-on-premises", "reprotect-to-azure"], RuleMatrixCoverage.Exercises(scenario).Select(e => e.Operation));
    }
}
