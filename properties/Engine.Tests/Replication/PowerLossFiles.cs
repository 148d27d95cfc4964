using System.Diagnostics;
using Failback.Simulators.Kernel;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// Power loss of the configuration database's files, for the crash test: the engine process runs with
/// <c>powerloss.c</c> preloaded, which keeps a copy of each database file as it stood at its last fsync or
/// fdatasync; <see cref="Cut"/> then puts those copies in place (a file never synced is gone), so every write
/// SQLite did not sync is lost, as a machine losing power would lose it. SIGKILL alone cannot show a missing
/// sync: the OS keeps every write() of a killed process. A torn cut also keeps a seeded part of the sectors written since
/// the last sync (a disk that wrote some sectors of a commit and not others), and a kill can fall inside a commit
/// (after the Nth write to the database's files), which a rollback journal or a write-ahead log must make atomic.
/// Directory syncs are not modelled (a file synced once keeps its name).
/// </summary>
public static class PowerLossFiles
{
    private static readonly Lazy<string> Library = new(Build);

    /// <summary>The database's files: the main file, its write-ahead log and its rollback journal.</summary>
    private static readonly string[] Suffixes = ["", "-wal", "-journal"];

    /// <summary>
    /// Sets <paramref name="info"/> to run with the shim, watching the files whose path contains <paramref name="database"/>
    /// (the database's path, or a part of it that only the database's files have: "/cs.db").
    /// </summary>
    public static void Watch(ProcessStartInfo info, string database, long? killAtWrite = null, string? eventsFile = null)
    {
        info.Environment["LD_PRELOAD"] = Library.Value;
        info.Environment["FB_POWERLOSS_MATCH"] = database;
        if (killAtWrite is { } n) info.Environment["FB_POWERLOSS_KILL_AT_WRITE"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (eventsFile is not null) info.Environment["FB_POWERLOSS_EVENTS_FILE"] = eventsFile;
    }

    /// <summary>
    /// The power cut, after the process died: each database file as it was at its last sync, plus, for a torn cut,
    /// each write made since kept or lost by a draw of <paramref name="torn"/>.
    /// </summary>
    public static void Cut(string database, ChoiceStream? torn = null)
    {
        foreach (var file in Suffixes.Select(s => database + s))
        {
            if (File.Exists(file + ".synced")) File.Move(file + ".synced", file, overwrite: true);
            else if (torn is null || !File.Exists(file + ".unsynced")) File.Delete(file);
            else File.WriteAllBytes(file, []); // created since the last sync: what reached the disk is only what the draw keeps
            File.Delete(file + ".syncing");
            if (torn is not null && File.Exists(file + ".unsynced")) KeepSome(file, torn);
            File.Delete(file + ".unsynced");
        }
        File.Delete(database + "-shm"); // SQLite's shared-memory index of the log: rebuilt from the log on open
    }

    /// <summary>The unit a disk writes whole: a power cut keeps or loses each 512-byte sector of a write on its own.</summary>
    private const int Sector = 512;

    /// <summary>Applies each sector of each logged write (offset, length, bytes) with even odds, in the order made.</summary>
    private static void KeepSome(string file, ChoiceStream torn)
    {
        using var log = new BinaryReader(File.OpenRead(file + ".unsynced"));
        using var target = File.Open(file, FileMode.Open, FileAccess.Write);
        while (log.BaseStream.Position + 16 <= log.BaseStream.Length)
        {
            var offset = log.ReadInt64();
            var length = (int)log.ReadInt64();
            var bytes = log.ReadBytes(length);
            if (bytes.Length < length) break;
            for (var at = 0; at < length; at += Sector)
            {
                if (!torn.Chance(0.5)) continue;
                target.Position = offset + at;
                target.Write(bytes, at, Math.Min(Sector, length - at));
            }
        }
    }

    /// <summary>Compiles powerloss.c with the C compiler the native drill build uses, once per test run.</summary>
    private static string Build()
    {
        var source = Path.Combine(RepoRoot.Path, "properties", "Engine.Tests", "Replication", "powerloss.c");
        var output = Path.Combine(Path.GetTempPath(), $"powerloss-{Environment.ProcessId}.so");
        var (code, stdout, stderr) = Tool.Run("cc", "-shared", "-fPIC", "-O2", "-o", output, source, "-ldl");
        if (code != 0) throw new InvalidOperationException($"cc could not build the power-loss shim (install gcc): {stdout}{stderr}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(output);
        return output;
    }
}
