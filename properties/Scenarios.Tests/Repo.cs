using Failback.Scenarios.Running;

[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace Failback.Scenarios.Tests;

/// <summary>The repository root (where Simulation.sln is), and the drill library in it.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Drills => Path.Combine(Root, "Scenarios", "drills");

    public static IEnumerable<object[]> DrillFiles() => DrillLibrary.Files(Drills).Select(f => new object[] { Path.GetFileName(f) });

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Simulation.sln not found above the test binaries.");
    }
}
