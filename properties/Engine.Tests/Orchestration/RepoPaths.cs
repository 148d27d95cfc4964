namespace Failback.Engine.Tests.Orchestration;

/// <summary>Finds the repository by walking up from the test's base directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first folder upward holding Simulation.sln.</summary>
    public static string Root { get; } = FindUp(d => File.Exists(Path.Combine(d, "Simulation.sln")),
        "the repository root (a folder with Simulation.sln)");

    private static string FindUp(Func<string, bool> found, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        throw new InvalidOperationException($"Could not find {what} above {AppContext.BaseDirectory}.");
    }
}
