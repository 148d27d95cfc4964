using System.Diagnostics;
using System.Globalization;
using Failback.Engine.Components;
using Failback.Simulators.Kernel;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;
using static Failback.Engine.Tests.Replication.DurabilityTests;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The durability test of failover and reprotect (<see cref="CycleCrashHost"/>), beside the replication one
/// (<see cref="DurabilityTests"/>, whose DURABILITY_KILL_POINTS and DURABILITY_SEED it reads): the whole vault as a
/// process, killed at its configuration database's writes, then the database's power cut (<see cref="PowerLossFiles"/>).
/// Not checked: that the engine resumes an interrupted job after a restart (the vault rebuilds no orchestration state
/// from its database; only the replication pair restarts from it, <see cref="CrashHost"/>).
/// </summary>
public class CycleDurabilityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Kill points during failover, commit and both reprotects: after each
    /// kill and power cut of the database, every job acknowledged as ended is recorded in the state it ended in, every
    /// recorded job has a job state, and the item's recorded state is the one last acknowledged or one it went through since.
    /// </summary>
    [Fact]
    public void EveryAcknowledgedJobAndItemStateSurvivesAKillDuringFailoverAndReprotect()
    {
        var watch = Stopwatch.StartNew();
        var points = CyclePoints.Value.Take(Math.Max(6, Points * 3 / 4)).ToList();
        foreach (var (point, _) in points)
            Assert.Null(KillCycleAndCheck(point, "none"));
        output.WriteLine($"RATE durability cycle: seed {Seed}, {points.Count} kill points ({string.Join(", ", points.Select(p => $"{p.Point} {p.Label}"))}) in {watch.Elapsed.TotalSeconds:0.0} s ({points.Count / watch.Elapsed.TotalSeconds:0.00} points/s)");
    }

    [Theory]
    [InlineData("database-sync-off")]
    [InlineData("drop-item-updates")]
    public void APlantedFaultInTheCycleIsCaughtAtSomeKillPoint(string plant)
    {
        var points = CyclePoints.Value.Take(Math.Max(2, Points / 4)).ToList();
        var failures = points.Select(p => KillCycleAndCheck(p.Point, plant)).OfType<string>().ToList();
        Assert.NotEmpty(failures);
        output.WriteLine($"{plant} in the cycle: {failures.Count} of {points.Count} kill points caught it, e.g. {failures[0]}");
    }

    /// <summary>
    /// The cycle's kill points after enabling protection (which the replication crash test covers), in a seeded order
    /// that takes each operation in turn: failover, commit, reprotect to on-premises, failback, commit, reprotect to Azure.
    /// </summary>
    private static readonly Lazy<List<(long Point, string Label)>> CyclePoints = new(() =>
    {
        var (code, lines, error) = Run(["cycle-host", "0", "none"]);
        Assert.True(code == 0, error);
        var kinds = lines.Where(l => l.StartsWith("point ", StringComparison.Ordinal)).Select(l => l.Split(' ', 3))
            .Where(p => !p[2].StartsWith("enable ", StringComparison.Ordinal))
            .GroupBy(p => p[2].Split(' ')[0], p => (Point: long.Parse(p[1], CultureInfo.InvariantCulture), Label: p[2]))
            .OrderBy(g => g.Min(p => p.Point)).ToList();
        var choices = new ChoiceStream("cycle-kill-points", Seed);
        var first = choices.Next(kinds.Count); // which kind comes first varies with the seed
        return [.. Enumerable.Range(0, 200).Select(i => choices.Pick(kinds[(first + i) % kinds.Count].ToList())).Distinct()];
    });

    /// <summary>Kills the cycle host at <paramref name="killAt"/>, cuts the database's power; the first broken promise found, or null.</summary>
    private static string? KillCycleAndCheck(long killAt, string plant)
    {
        var (code, lines, error) = Run(["cycle-host", killAt.ToString(CultureInfo.InvariantCulture), plant]);
        var root = lines.FirstOrDefault(l => l.StartsWith("root ", StringComparison.Ordinal))?["root ".Length..];
        if (root is null) return $"cycle kill point {killAt}: the host did not start: {error}";
        try
        {
            if (code != 137) return $"cycle kill point {killAt}: the engine exited with {code}, not by SIGKILL: {error}";
            var database = Path.Combine(root, "cs.db");
            PowerLossFiles.Cut(database);
            if (!File.Exists(database)) return $"cycle kill point {killAt}: the database is gone";
            using (var raw = new SqliteConnection($"Data Source={database};Mode=ReadWrite;Pooling=False"))
            {
                raw.Open();
                using var check = raw.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                if (check.ExecuteScalar() as string != "ok") return $"cycle kill point {killAt}: the database fails SQLite's integrity check";
            }
            using var db = ConfigurationDatabase.Open(database);
            var jobs = db.Jobs().ToDictionary(j => j.Id, j => j.State, StringComparer.Ordinal);
            foreach (var (id, state) in jobs)
                if (!Enum.TryParse<Failback.Engine.Orchestration.Jobs.JobState>(state, out _)) return $"cycle kill point {killAt}: job {id} is recorded in no job state ('{state}')";
            foreach (var ended in lines.Where(l => l.StartsWith("ended ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
            {
                if (!jobs.TryGetValue(ended[1], out var recorded)) return $"cycle kill point {killAt}: job {ended[1]} was acknowledged as {ended[2]} but the database has no record of it";
                if (recorded != ended[2]) return $"cycle kill point {killAt}: job {ended[1]} was acknowledged as {ended[2]} but the database records it {recorded}";
            }
            var acked = Array.FindLastIndex(lines, l => l.StartsWith("item ", StringComparison.Ordinal));
            if (acked < 0) return null;
            var since = lines.Skip(acked).Where(l => l.StartsWith("item ", StringComparison.Ordinal) || l.StartsWith("state ", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[1]).ToHashSet(StringComparer.Ordinal);
            var item = db.Items().SingleOrDefault();
            if (item is null) return $"cycle kill point {killAt}: the item was acknowledged as {lines[acked]["item ".Length..]} but the database lost it";
            return since.Contains(item.ProtectionState) ? null
                : $"cycle kill point {killAt}: the item is recorded {item.ProtectionState}, but was acknowledged {lines[acked]["item ".Length..]} and went only through {string.Join(", ", since)} since";
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
