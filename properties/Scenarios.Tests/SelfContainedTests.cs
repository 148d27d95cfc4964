using System.Text.RegularExpressions;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// A clone of the repository alone is the whole project: no source, test, script or document reads or
/// points to a folder beside the clone (the shared notes the project was started from are not shipped).
/// </summary>
public sealed partial class SelfContainedTests
{
    private static readonly string[] Scanned = [".cs", ".csproj", ".props", ".targets", ".sh", ".md", ".yaml", ".json", ".txt", ".sln", ".mmd"];

    [Fact]
    public void NothingInTheRepositoryPointsOutsideIt()
    {
        var hits = OutsidePaths(RepoRoot.Path).ToList();
        Assert.True(hits.Count == 0, "the repository names paths outside itself (a clone alone would fail):\n" + string.Join("\n", hits));
    }

    /// <summary>The scan notices a planted reference in a test, a script and a document (it can fail).</summary>
    [Fact]
    public void APlantedOutsideReferenceIsFound()
    {
        var root = Directory.CreateTempSubdirectory("self-contained-").FullName;
        try
        {
            // Spelled in pieces, so that the real repository's scan does not find these lines.
            var (dots, shared) = ("..", "shar" + "ed");
            Write(root, "properties/X.Tests/T.cs", $"var seed = File.ReadAllText(\"{dots}/{shared}/seed-rules.md\");");
            Write(root, "tool.sh", $"cat {dots}/{dots}/{shared}/notes/x.md");
            Write(root, "Scenarios/README.md", $"see `{shared}/seed-rules.md`");
            Write(root, "Scenarios/ok.md", "shared folders; a shared link; /dev/shm/run");
            Write(root, "Engine/bin/Release/stale.cs", $"\"{dots}/{shared}/x\"");
            Write(root, ".build/lab/assets.json", $"{{\"ContentRoots\": [\"/{"wo" + "rk"}/main/Lab/wwwroot\"]}}"); // build output, git-ignored
            Assert.Equal(["Scenarios/README.md:1", "properties/X.Tests/T.cs:1", "tool.sh:1"], OutsidePaths(root).Select(h => h[..h.IndexOf(' ', StringComparison.Ordinal)]));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IEnumerable<string> OutsidePaths(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => Scanned.Contains(Path.GetExtension(f)) && !f.Split('/').Any(part => part is "bin" or "obj" or ".build" or ".git" or "TestResults"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
                if (OutsidePath().Match(lines[i]) is { Success: true } m)
                    yield return $"{file}:{i + 1} names '{m.Value}'";
        }
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A path into the shared folder beside the clone, or into the machine's work folders.</summary>
    [GeneratedRegex(@"(?:\.\./)+shared\b|\bshared/[\w.-]+|/work/[\w.-]+")]
    private static partial Regex OutsidePath();
}
