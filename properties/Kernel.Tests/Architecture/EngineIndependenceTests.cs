using System.Reflection;
using System.Xml.Linq;
using Failback.Engine.Ports;
using Xunit;

namespace Failback.Kernel.Tests.Architecture;

/// <summary>The engine depends only on its ports: no simulator may be referenced, in the binary or the project.</summary>
public sealed class EngineIndependenceTests
{
    private static bool IsSimulator(string name) =>
        name.StartsWith("Simulators", StringComparison.OrdinalIgnoreCase) || name.Contains("/Simulators/", StringComparison.OrdinalIgnoreCase)
        || name.Contains("\\Simulators\\", StringComparison.OrdinalIgnoreCase) || name.Contains("Scenarios", StringComparison.OrdinalIgnoreCase)
        || name.Equals("drill", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void EngineAssembly_ReferencesNoSimulatorAssembly()
    {
        var engine = typeof(VirtualTime).Assembly;
        Assert.Equal("Engine", engine.GetName().Name);

        var references = engine.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.Contains("System.Runtime", references); // the list is real, not empty
        Assert.DoesNotContain(references, IsSimulator);

        // Every simulator assembly built beside this test must be unknown to the engine.
        var simulators = Directory.GetFiles(AppContext.BaseDirectory, "Simulators.*.dll").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Contains("Simulators.Kernel", simulators);
        Assert.All(simulators, s => Assert.DoesNotContain(s, references));
    }

    /// <summary>The test oracle lives on the harness side (Scenarios/World/GroundTruth), not in the product.</summary>
    [Fact]
    public void EngineAssembly_HoldsNoGroundTruth()
    {
        var names = typeof(VirtualTime).Assembly.GetTypes().Select(t => t.Name).ToList();
        Assert.Contains("ReplicationPair", names); // the list is real
        Assert.DoesNotContain(names, n => n.Contains("Truth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void EngineProject_HasNoProjectReferenceToASimulator()
    {
        var project = XDocument.Load(Path.Combine(RepoRoot.Path, "Engine", "Engine.csproj"));
        var projectReferences = project.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "").ToList();
        Assert.DoesNotContain(projectReferences, IsSimulator);

        // Nor through a props or targets file of its own folder tree.
        var imports = Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "Engine"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Simulators", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(imports);
    }

    [Fact]
    public void IsSimulator_RecognisesSimulatorReferences()
    {
        Assert.True(IsSimulator("Simulators.Kernel"));
        Assert.True(IsSimulator("../Simulators/VCenter/VCenter.csproj"));
        Assert.False(IsSimulator("Stateless"));
        Assert.False(IsSimulator("System.IO.Hashing"));
    }
}
