using System.Diagnostics;
using Xunit;

namespace Failback.Kernel.Tests.Architecture;

/// <summary>
/// BannedSymbols.txt is enforced, not advisory: a project named Engine (what Directory.Build.props marks as
/// deterministic core) that calls DateTime.Now does not build, and the same project without the call does.
/// </summary>
public sealed class BannedApiBuildTests
{
    [Fact]
    public void BannedApiInEngine_FailsTheBuildWithRS0030_AndTheControlBuilds()
    {
        var root = Probe("banned-api");
        try
        {
            var source = Path.Combine(root, "Engine", "Clock.cs");

            File.WriteAllText(source, "namespace Probe; internal static class Clock { public static System.DateTime Now() => System.DateTime.Now; }");
            var (banned, bannedOutput) = Build(root);
            Assert.True(banned != 0, $"a call to DateTime.Now built:\n{bannedOutput}");
            Assert.Contains("error RS0030", bannedOutput, StringComparison.Ordinal);
            Assert.Contains("DateTime.Now", bannedOutput, StringComparison.Ordinal);
            Assert.Contains("Use the kernel's virtual clock", bannedOutput, StringComparison.Ordinal);

            File.WriteAllText(source, "namespace Probe; internal static class Clock { public static System.DateTimeOffset Now(System.TimeProvider t) => t.GetUtcNow(); }");
            var (control, controlOutput) = Build(root);
            Assert.True(control == 0, $"the control without banned calls did not build:\n{controlOutput}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A project named Engine in a fresh folder under the repository's build props (the deterministic core, a harness package with an empty public API baseline).</summary>
    internal static string Probe(string name)
    {
        var root = Path.Combine(Path.GetTempPath(), $"{name}-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
        Directory.CreateDirectory(Path.Combine(root, "Engine"));
        foreach (var props in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(root, props), $"<Project><Import Project=\"{Path.Combine(RepoRoot.Path, props)}\" /></Project>");
        File.Copy(Path.Combine(RepoRoot.Path, "global.json"), Path.Combine(root, "global.json"));
        File.WriteAllText(Path.Combine(root, "Engine", "Engine.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>");
        foreach (var baseline in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
            File.WriteAllText(Path.Combine(root, "Engine", baseline), "#nullable enable\n");
        return root;
    }

    internal static (int ExitCode, string Output) Build(string root)
    {
        var start = new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "Engine", "Engine.csproj"), "-nologo", "-nodeReuse:false", "-clp:NoSummary"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no MSBuild node may outlive the build holding our output pipe
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
