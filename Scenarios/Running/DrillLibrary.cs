namespace Failback.Scenarios.Running;

/// <summary>Where the drill library is: Scenarios/drills of the repository when run from its root, else the copy beside the binary.</summary>
public static class DrillLibrary
{
    public static string Folder()
    {
        var local = Path.Combine("Scenarios", "drills");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "drills");
    }

    public static IReadOnlyList<string> Files(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal)]
            : throw new DirectoryNotFoundException($"No drill library at '{folder}'.");
}
