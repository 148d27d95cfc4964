namespace Failback.Kernel.Tests.Architecture;

internal static class Repository
{
    /// <summary>The checkout this test assembly was built from (the folder holding Simulation.sln).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Simulation.sln above {AppContext.BaseDirectory}; run the tests from a checkout.");
    }
}
