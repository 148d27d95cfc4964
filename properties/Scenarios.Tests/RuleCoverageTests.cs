using Failback.Engine.Orchestration.Rules;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>The coverage checker on a synthetic repository: IDs named by test names, Rule traits and drill covers: lists.</summary>
public sealed class RuleCoverageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rule-coverage-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public RuleCoverageTests()
    {
        // Written in a disguise (VOID, ~) so that the real repository's scan does not count these names as tests.
        Write("properties/A.Tests/SomeTests.cs", CSharp("""
            public class SomeTests
            {
                [Fact] public VOID PRE7_EditingConfigRequiresPoweredOff() { Assert.Equal(~TS-2~, code); }
                [Fact] public async TASK Reprotect_RP8_RP9_GroupNeedsOnePlan() { }
                [Property] public PROPERTY CYC1_Model() => true.ToProperty();
                [Theory, Trait(~Rule~, ~LOC-3~)] [Trait(~Rule~, ~ER-2~)] public VOID Theory(int x) { }
                private static BOOL PRE71_IsNotPre7() => true;
                public VOID MT2Suffix_IsNotAToken() { }
                [Theory] [InlineData(~POL-2~, 15)] [InlineData(~a POL-1 in a sentence~)] public VOID Policies(string id) { }
            }
            """));
        Write("properties/A.Tests/bin/Debug/Stale.cs", CSharp("[Fact] public VOID PS1_Stale() { }"));
        Write("Scenarios/drills/flow.yaml", "name: x\ncovers: [FO-1, FO-2]  # flow list\nsteps: []\n");
        Write("Scenarios/drills/block.yaml", "name: y\ncovers:\n  - CM-1\n  # a comment\n  - CM-2\nsteps:\n  - wait: 5m\n");
    }

    [Fact]
    public void FindsIdsInTestNamesTraitsAndDrillCovers()
    {
        Assert.Equal(["CM-1", "CM-2", "CYC-1", "ER-2", "FO-1", "FO-2", "LOC-3", "POL-2", "PRE-7", "PRE-71", "RP-8", "RP-9"], RuleCoverage.Covered(_root).Order());
    }

    [Fact]
    public void ReturnsTheCatalogIdsNobodyNames()
    {
        var uncovered = RuleCoverage.Uncovered(_root, RuleCatalog.Rules.Keys);
        Assert.Contains("TS-2", uncovered);   // only in a string, not a test name
        Assert.Contains("PRE-71", RuleCoverage.IdsInTestSource(CSharp("[Fact] public VOID PRE71_X() { }")));
        Assert.Contains("PS-1", uncovered);   // only under bin/
        Assert.Contains("MT-2", uncovered);   // not a whole token
        Assert.DoesNotContain("PRE-7", uncovered);
        Assert.Contains("POL-1", uncovered); // inside a sentence, not an ID given to a case
        Assert.Equal(RuleCatalog.Rules.Count - 11, uncovered.Count);
    }

    [Fact]
    public void EveryRuleOfTheCatalogIsNamedByATestOrADrillOfThisRepository()
    {
        var uncovered = RuleCoverage.Uncovered(RepoRoot.Path, RuleCatalog.Rules.Keys);
        Assert.True(uncovered.Count == 0,
            $"No test name, InlineData case, Rule trait or drill covers: list names {string.Join(", ", uncovered)}; add a test that exercises each (named with its ID).");
    }

    [Fact]
    public void AMissingRootIsAClearError()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => RuleCoverage.Covered(Path.Combine(_root, "nope")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    private static string CSharp(string disguised) =>
        disguised.Replace("VOID", "void", StringComparison.Ordinal).Replace("TASK", "Task", StringComparison.Ordinal)
            .Replace("PROPERTY", "Property", StringComparison.Ordinal).Replace("BOOL", "bool", StringComparison.Ordinal).Replace('~', '"');

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
