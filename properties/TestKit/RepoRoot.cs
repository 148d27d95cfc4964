namespace Failback.TestKit;

/// <summary>The checkout the tests were built from: the first folder above the test binaries that holds Simulation.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>The drill library.</summary>
    public static string Drills => System.IO.Path.Combine(Path, "Scenarios", "drills");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Simulation.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Simulation.sln above {AppContext.BaseDirectory}; run the tests from a checkout.");
    }
}
