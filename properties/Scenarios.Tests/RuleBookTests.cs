using Failback.Engine.Orchestration.Rules;
using Failback.Scenarios.Docs;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>Scenarios/rules.md, the catalog users read, is the engine's catalog as <c>drill rules</c> writes it.</summary>
public sealed class RuleBookTests
{
    [Fact]
    public void TheCommittedRuleBookIsTheEngineCatalog()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, RuleBook.File)).ReplaceLineEndings("\n");
        var actual = RuleBook.Markdown();
        Assert.True(committed == actual,
            $"{RuleBook.File} differs from the engine's RuleCatalog. If the catalog change is intended, regenerate it from the " +
            $"repository root with:\n    dotnet run -c Release --project Scenarios -- rules > {RuleBook.File}\nand review the diff.");
    }

    [Fact]
    public void EveryRuleIsInExactlyOneSectionWithItsPassage()
    {
        var listed = RuleCatalog.Sections.SelectMany(s => RuleBook.IdsOf(s.Prefix)).ToList();
        Assert.Equal(RuleCatalog.Rules.Keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(RuleCatalog.Rules.Keys, RuleCatalog.Passages.Keys);
        var markdown = RuleBook.Markdown();
        var matrixAt = markdown.IndexOf("\n## Where each rule is checked\n", StringComparison.Ordinal);
        Assert.True(matrixAt > 0, "the rule book ends with the applicability matrix");
        foreach (var id in listed)
        {
            Assert.False(string.IsNullOrWhiteSpace(RuleCatalog.Passages[id]), id);
            Assert.Single(markdown[..matrixAt].Split('\n'), line => line.StartsWith($"| {id} |", StringComparison.Ordinal));
        }
        // The matrix: one row per rule of RuleApplicability, an x per operation that checks it.
        var matrix = markdown[matrixAt..].Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal(RuleApplicability.Rows.Select(r => r.Rule), matrix.Select(line => line.Split(" | ")[0][2..]));
        Assert.Equal(RuleApplicability.Rows.Sum(r => r.Operations.Count), matrix.Sum(line => line.Split(" | ").Count(cell => cell == "x")));
        Assert.Equal(["PRE-1", "PRE-2", "PRE-3", "PRE-4", "PRE-5", "PRE-6", "PRE-7", "PRE-8", "PRE-9"], RuleBook.IdsOf("PRE"));
    }

    /// <summary>The golden comparison notices a hand edit of a single cell (a planted drift).</summary>
    [Fact]
    public void AHandEditedRuleBookIsNoticed()
    {
        var markdown = RuleBook.Markdown();
        var edited = markdown.Replace("| PRE-4 | Reprotect fails", "| PRE-4 | Reprotect succeeds", StringComparison.Ordinal);
        Assert.NotEqual(markdown, edited);
    }
}
