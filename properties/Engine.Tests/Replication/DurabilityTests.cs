using System.Diagnostics;
using System.Globalization;
using Failback.Engine.Components;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The engine process (<see cref="CrashHost"/>) dies by SIGKILL at seeded kill points during initial replication
/// and replication; the replica sits behind a volatile write cache and the configuration database's files behind a
/// power-loss model, so the kill is also a power cut for both (unsynced writes gone). After each death, before any
/// resync: every write the database records as applied is in the replica, the database's applied sequence is at least
/// every one acknowledged as durable, the database passes SQLite's integrity check and its item, disk and pair rows
/// agree; then the engine restarts from the database and the replica equals the source. Planted faults must each fail it.
/// What each mechanism covers: SIGKILL shows writes and acknowledgements out of order with the database (a lost or
/// late update of the pair: drop-pair-updates, ack-before-persist); the replica's volatile cache (<see cref="PowerLossDisk"/>)
/// shows a missing flush of the replica before an acknowledgement (flush-ignored); the database files' power cut
/// (<see cref="PowerLossFiles"/>: each file as at its last fsync) shows SQLite committing without a sync
/// (database-sync-off, as synchronous=OFF or journal_mode=OFF with no sync would). None shows a torn write inside one
/// SQLite commit (the kills fall between commits) or a missing sync of the retention journal's files (not modelled).
/// DURABILITY_KILL_POINTS sets how many points (CI: 8) and DURABILITY_SEED which (CI: 18); properties/durability.sh
/// runs more for nights.
/// </summary>
public class DurabilityTests(ITestOutputHelper output)
{
    private const int Writes = 30;
    internal static readonly int Points = int.TryParse(Environment.GetEnvironmentVariable("DURABILITY_KILL_POINTS"), out var n) && n > 0 ? n : 8;
    internal static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("DURABILITY_SEED"), out var seed) ? seed : 18;

    [Fact]
    public void EveryAcknowledgedWriteSurvivesAKillAtEachSeededPoint()
    {
        var watch = Stopwatch.StartNew();
        var points = KillPoints("none", Points);
        foreach (var (point, _) in points)
            Assert.Null(KillAndCheck(point, "none", resume: true));
        output.WriteLine($"RATE durability: seed {Seed}, {points.Count} kill points ({string.Join(", ", points.Select(p => $"{p.Point} {p.Label}"))}) in {watch.Elapsed.TotalSeconds:0.0} s ({points.Count / watch.Elapsed.TotalSeconds:0.00} points/s)");
    }

    [Theory]
    [InlineData("drop-pair-updates")]
    [InlineData("ack-before-persist")]
    [InlineData("flush-ignored")]
    [InlineData("database-sync-off")]
    public void APlantedFaultIsCaughtAtSomeKillPoint(string plant)
    {
        var points = KillPoints(plant, Math.Max(4, Points / 2));
        var failures = points.Select(p => KillAndCheck(p.Point, plant, resume: false)).OfType<string>().ToList();
        Assert.NotEmpty(failures);
        output.WriteLine($"{plant}: {failures.Count} of {points.Count} kill points caught it, e.g. {failures[0]}");
    }

    /// <summary>
    /// Seeded kill points, taken in turn from each kind the calibration run lists (replica I/O, before and after the
    /// database update of the pair's progress, guest writes), so the narrow windows are hit as often as the wide.
    /// </summary>
    private static List<(long Point, string Label)> KillPoints(string plant, int count)
    {
        using var dir = new TempDirectory();
        var (code, lines, error) = RunHost(dir.Path, Writes, 0, 0, plant);
        Assert.True(code == 0, error);
        var kinds = lines.Where(l => l.StartsWith("point ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .GroupBy(p => p[2], p => long.Parse(p[1], CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var choices = new ChoiceStream("kill-points", Seed);
        var labels = kinds.Select(k => lines.First(l => l.StartsWith($"point {k[0]} ", StringComparison.Ordinal)).Split(' ')[2]).ToList();
        return [.. Enumerable.Range(0, count).Select(i => (choices.Pick(kinds[i % kinds.Count]), labels[i % kinds.Count])).Distinct().OrderBy(p => p.Item1)];
    }

    /// <summary>Kills the engine at <paramref name="killAt"/>; the first broken promise found, or null.</summary>
    private static string? KillAndCheck(long killAt, string plant, bool resume)
    {
        using var dir = new TempDirectory();
        var (code, lines, error) = RunHost(dir.Path, Writes, 0, killAt, plant);
        if (code != 137) return $"kill point {killAt}: the engine exited with {code}, not by SIGKILL: {error}";
        PowerLossFiles.Cut(dir.File("cs.db"));
        var acked = lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Select(p => (Block: int.Parse(p[1], CultureInfo.InvariantCulture), Sequence: long.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        var durable = lines.Where(l => l.StartsWith("durable ", StringComparison.Ordinal)).Select(l => long.Parse(l["durable ".Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

        // Read-write: after the power cut the log has no shared-memory index, which the first connection rebuilds.
        using (var raw = new SqliteConnection($"Data Source={dir.File("cs.db")};Mode=ReadWrite;Pooling=False"))
        {
            raw.Open();
            using var check = raw.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            if (check.ExecuteScalar() as string != "ok") return $"kill point {killAt}: the database fails SQLite's integrity check";
        }
        long applied;
        using (var db = ConfigurationDatabase.Open(dir.File("cs.db")))
        {
            var pair = db.FindPair("pair-1");
            if (pair is null) return $"kill point {killAt}: the database lost replication pair 'pair-1'";
            if (db.FindItem(pair.ItemId) is not { } item || db.Disks(item.Id).SingleOrDefault()?.DiskId != "disk-1")
                return $"kill point {killAt}: pair-1's item '{pair.ItemId}' or its disk is not in the database";
            applied = pair.AppliedSequence;
            if (applied < durable) return $"kill point {killAt}: write {durable} was acknowledged as applied but the database records only {applied}";
            if (acked.Count > 0 && applied > acked[^1].Sequence) return $"kill point {killAt}: the database records write {applied} applied, past the last write made ({acked[^1].Sequence})";
        }
        using (var target = DiskImage.Open(dir.File("target.vhd"), writable: false))
        {
            var block = new byte[CrashHost.BlockBytes];
            foreach (var (n, sequence) in acked.Where(a => a.Sequence <= applied))
            {
                target.Read((long)n * CrashHost.BlockBytes, block);
                if (!block.AsSpan().SequenceEqual(CrashHost.BlockData(n)))
                    return $"kill point {killAt}: write {sequence} (block {n}) is recorded as applied ({applied}) but is not in the replica";
            }
        }
        if (!resume) return null;

        var (again, _, resumeError) = RunHost(dir.Path, 3, 2048, 0, plant);
        if (again != 0) return $"kill point {killAt}: the engine did not restart from its database: {resumeError}";
        using var source = DiskImage.Open(dir.File("source.vmdk"), writable: false);
        using var replica = DiskImage.Open(dir.File("target.vhd"), writable: false);
        var a = new byte[CrashHost.Capacity];
        var b = new byte[CrashHost.Capacity];
        source.Read(0, a);
        replica.Read(0, b);
        return a.AsSpan().SequenceEqual(b) ? null : $"kill point {killAt}: after the restart the replica differs from the source";
    }

    private static (int Code, string[] Lines, string Error) RunHost(string dir, int writes, int firstBlock, long killAt, string plant) =>
        Run(["crash-host", dir, writes.ToString(CultureInfo.InvariantCulture), firstBlock.ToString(CultureInfo.InvariantCulture),
            killAt.ToString(CultureInfo.InvariantCulture), plant], Path.Combine(dir, "cs.db"));

    /// <summary>Runs this assembly's host with <paramref name="args"/>, the database files matching <paramref name="database"/> behind the power-loss model.</summary>
    internal static (int Code, string[] Lines, string Error) Run(string[] args, string database = "/cs.db")
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", typeof(CrashHost).Assembly.Location }.Concat(args))
            info.ArgumentList.Add(arg);
        PowerLossFiles.Watch(info, database);
        using var host = Process.Start(info)!;
        var stderr = host.StandardError.ReadToEndAsync();
        var stdout = host.StandardOutput.ReadToEnd();
        host.WaitForExit();
        return (host.ExitCode, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.Result);
    }
}
