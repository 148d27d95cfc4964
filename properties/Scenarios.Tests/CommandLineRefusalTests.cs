using System.Diagnostics;
using Failback.Scenarios.World;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Odd command lines are refused at once (exit 2, one line, nothing run or written): outputs that cannot be
/// written, a missing drill folder, hours that are not a finite positive number. Signals and dead processes
/// leave no run folder behind.
/// </summary>
public sealed class CommandLineRefusalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-refusal-").FullName;
    private static string Drill => Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml");

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string, string, string> UnwritableOutputs => new()
    {
        { "--junit", "missing-folder/junit.xml", "does not exist" },
        { "--trace", "missing-folder/deeper/trace.jsonl", "does not exist" },
        { "--junit", ".", "is a folder" },
        { "--trace", "", "is a folder" },
        // A read-only sysfs attribute: refused even to root, who may write any ordinary file.
        { "--junit", "/sys/kernel/uevent_seqnum", "cannot be written" },
        { "--trace", "/sys/kernel/uevent_seqnum", "cannot be written" },
    };

    [Theory]
    [MemberData(nameof(UnwritableOutputs))]
    public void AnOutputThatCannotBeWrittenIsRefusedBeforeTheRun(string option, string path, string message)
    {
        var target = path.StartsWith('/') ? path : Path.Combine(_dir, path);
        var before = DeterminismTests.TempRuns();
        var error = Cli.Refused("run", Drill, option, target);
        Assert.Contains($"{option} '{target}'", error);
        Assert.Contains(message, error);
        Assert.Equal(before, DeterminismTests.TempRuns());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void AnExistingOutputFileIsLeftAsItWasWhenTheCommandIsRefused()
    {
        var existing = Path.Combine(_dir, "old-junit.xml");
        File.WriteAllText(existing, "old");
        Cli.Refused("run", Drill, "--junit", existing, "--trace", Path.Combine(_dir, "nowhere", "t.jsonl"));
        Assert.Equal("old", File.ReadAllText(existing));
        Assert.Equal([existing], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void ExploreChecksItsJUnitFileBeforeExploring() =>
        Assert.Contains("does not exist", Cli.Refused("explore", Drill, "--seeds", "1..50", "--junit", Path.Combine(_dir, "no", "j.xml")));

    [Fact]
    public void ListOfAMissingFolderOrAFileIsRefused()
    {
        Assert.Contains("no such folder", Cli.Refused("list", "--dir", Path.Combine(_dir, "absent")));
        Assert.Contains("is a file", Cli.Refused("list", "--dir", Drill));
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1e300")]
    [InlineData("8761")]
    public void DemoHoursMustBeAFinitePositiveNumberUpToAYear(string hours) =>
        Assert.Contains("--hours", Cli.Refused("demo", "--hours", hours));

    [Fact]
    public void DemoTraceIntoAMissingFolderIsRefused() =>
        Assert.Contains("does not exist", Cli.Refused("demo", "--trace", Path.Combine(_dir, "no", "t.jsonl")));

    [Fact]
    public void ShardsOutsideTheirCountAreRefused()
    {
        foreach (var shard in new[] { "3/3", "-1/3", "1/0", "a/b", "1/2/3" })
            Assert.Contains("--shard", Cli.Refused("explore", Drill, "--seeds", "1..5", "--shard", shard));
    }

    [Fact]
    public void RunFoldersOfProcessesThatNoLongerExistAreSwept()
    {
        var dead = DeadProcessId();
        var orphan = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"drill-{dead}-test.orphan")).FullName;
        File.WriteAllText(Path.Combine(orphan, "disk.vmdk"), "left by a killed drill");
        var alive = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"drill-{Environment.ProcessId}-test.alive")).FullName;
        var unrelated = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"drill-notapid-test")).FullName;
        try
        {
            var swept = RunFolder.SweepOrphans();
            Assert.Contains(orphan, swept);
            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(alive));
            Assert.True(Directory.Exists(unrelated));
        }
        finally
        {
            Directory.Delete(alive, true);
            Directory.Delete(unrelated, true);
            if (Directory.Exists(orphan)) Directory.Delete(orphan, true);
        }
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void ASignalDuringExploreRemovesTheRunFolders(string signal, int exitCode)
    {
        var drill = Path.Combine(AppContext.BaseDirectory, "drill.dll");
        var start = new ProcessStartInfo("dotnet", [drill, "explore", Path.Combine(RepoRoot.Drills, "failback-whole-cycle.yaml"), "--seeds", "1..500", "--jobs", "2", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TMPDIR"] = _dir },
        };
        using var process = Process.Start(start)!;
        // Drained as it comes, so a full pipe never holds the process up; the bounds are generous because CI
        // machines may be loaded (they bound a hang, they do not measure speed).
        process.BeginOutputReadLine();
        var runs = () => Directory.EnumerateDirectories(_dir, $"drill-{process.Id}-*").Count();
        var waited = 0;
        while (runs() == 0 && waited++ < 2400 && !process.HasExited) Thread.Sleep(50);
        Assert.True(runs() > 0, "explore made no run folder in 120 s");
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "drill did not stop on the signal");
        var error = process.StandardError.ReadToEnd();
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal($"drill: stopped by SIG{signal}; the run folders were removed.\n", error);
        Assert.Equal(0, runs());
        // What a run still writing could not recreate is an empty file in its folder's place; the next drill sweeps it.
        var next = new ProcessStartInfo("dotnet", [drill, "run", Path.Combine(RepoRoot.Drills, "failback-whole-cycle.yaml")])
        {
            RedirectStandardOutput = true,
            Environment = { ["TMPDIR"] = _dir },
        };
        using (var again = Process.Start(next)!)
        {
            again.StandardOutput.ReadToEnd();
            Assert.True(again.WaitForExit(TimeSpan.FromSeconds(120)));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir, $"drill-{process.Id}-*"));
    }

    /// <summary>The ID of a process that has ended (a fresh <c>true</c>, waited for).</summary>
    private static int DeadProcessId()
    {
        using var p = Process.Start("true")!;
        var pid = p.Id;
        p.WaitForExit();
        return pid;
    }
}
