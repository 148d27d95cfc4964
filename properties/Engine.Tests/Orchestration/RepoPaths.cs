namespace Failback.Engine.Tests.Orchestration;

/// <summary>Finds the repository and the shared folder beside it by walking up from the test's base directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first folder upward holding Simulation.sln.</summary>
    public static string Root { get; } = FindUp(d => File.Exists(Path.Combine(d, "Simulation.sln")),
        "the repository root (a folder with Simulation.sln)");

    /// <summary>shared/seed-rules.md: the repo is cloned with shared/ beside it (../shared). Looked up when asked, so a clone without it still finds <see cref="Root"/>.</summary>
    public static string SeedRules => Path.Combine(
        FindUp(d => File.Exists(Path.Combine(d, "shared", "seed-rules.md")), "a folder containing shared/seed-rules.md (the repo is cloned with shared/ beside it)"),
        "shared", "seed-rules.md");

    private static string FindUp(Func<string, bool> found, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        throw new InvalidOperationException($"Could not find {what} above {AppContext.BaseDirectory}.");
    }
}
