using Failback.Engine.Orchestration.Items;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>The Mermaid drawing of the state machine (<c>drill diagram</c>) stays equal to the checked-in file.</summary>
public sealed class DiagramGoldenTests
{
    private const string GoldenFile = "properties/Engine.Tests/Orchestration/ProtectedItemMachine.mmd";

    [Fact]
    public void CYC1_TheStateMachineDiagramMatchesTheGoldenFile()
    {
        var golden = File.ReadAllText(Path.Combine(RepoRoot.Path, GoldenFile)).ReplaceLineEndings("\n");
        var actual = ProtectedItemMachine.MermaidDiagram().ReplaceLineEndings("\n");
        Assert.True(golden == actual,
            $"The protected item's state machine no longer matches {GoldenFile}. If the change is intended, " +
            $"update the golden file from the repository root with:\n    ./drill diagram > {GoldenFile}\n" +
            $"and review the diff.\n--- now ---\n{actual}");
    }

    [Fact]
    public void TheDiagramDrawsEveryStateAndStartsUnprotected()
    {
        var diagram = ProtectedItemMachine.MermaidDiagram();
        Assert.StartsWith("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.Contains("[*] --> Unprotected", diagram, StringComparison.Ordinal);
        Assert.All(Enum.GetNames<ProtectionState>(), s => Assert.Contains(s, diagram, StringComparison.Ordinal));
    }
}
