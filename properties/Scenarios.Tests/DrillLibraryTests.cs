using Failback.Engine.Orchestration.Rules;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

public class DrillLibraryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(DrillData.DrillFiles), MemberType = typeof(DrillData))]
    public void EveryDrillPasses(string drill)
    {
        var outcome = ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, drill)));
        Assert.True(outcome.Report.Passed, ReportWriter.Text(outcome.Report));
    }

    /// <summary>
    /// The long drills (Scenarios/drills/long: hours of churn at full rate, a minute or more each) run here only, not in
    /// every drill pass of test.sh nor in the fuzz tests; the output says how long each took.
    /// </summary>
    [Fact]
    public void EveryLongDrillPasses()
    {
        var files = DrillLibrary.Files(Path.Combine(RepoRoot.Drills, "long"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcome = ScenarioRunner.Run(BoundScenario.Load(file));
            output.WriteLine($"{Path.GetFileName(file)}: {watch.Elapsed.TotalSeconds:F1} s");
            Assert.True(outcome.Report.Passed, ReportWriter.Text(outcome.Report));
        }
    }

    [Fact]
    public void DrillsNameOnlyRulesOfTheCatalog()
    {
        foreach (var file in DrillLibrary.Files(RepoRoot.Drills))
            foreach (var id in RuleCoverage.IdsInCovers(File.ReadAllText(file)))
                Assert.True(RuleCatalog.Rules.ContainsKey(id), $"{file} covers unknown rule {id}");
    }

    /// <summary>Together the drills exercise every rule of the catalog: a rule no drill names fails here, by ID.</summary>
    [Fact]
    public void EveryRuleOfTheCatalogIsCoveredByADrill()
    {
        var covered = DrillLibrary.Files(RepoRoot.Drills).SelectMany(f => RuleCoverage.IdsInCovers(File.ReadAllText(f))).ToHashSet(StringComparer.Ordinal);
        var uncovered = RuleCatalog.Rules.Keys.Where(id => !covered.Contains(id)).ToList();
        Assert.True(uncovered.Count == 0, $"no drill covers {string.Join(", ", uncovered)}; add a drill under Scenarios/drills that names them in covers.");
    }

    /// <summary>The main drill is the whole failback story and checks it end to end.</summary>
    [Fact]
    public void CYC1_MainDrillRunsTheWholeCycle()
    {
        var drill = BoundScenario.Load(Path.Combine(RepoRoot.Drills, "failback-whole-cycle.yaml"));
        Assert.Contains("CYC-1", drill.Scenario.Covers.Select(c => c.Id));
        Assert.Equal(7, drill.Steps.Count(s => s.Item.Kind is "enable-protection" or "failover" or "commit" or "reprotect"));
    }
}
