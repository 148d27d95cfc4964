using System.Diagnostics;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// Power loss of the configuration database's files, for the crash test: the engine process runs with
/// <c>powerloss.c</c> preloaded, which keeps a copy of each database file as it stood at its last fsync or
/// fdatasync; <see cref="Cut"/> then puts those copies in place (a file never synced is gone), so every write
/// SQLite did not sync is lost, as a machine losing power would lose it. SIGKILL alone cannot show a missing
/// sync: the OS keeps every write() of a killed process. Directory syncs are not modelled (a file synced once
/// keeps its name), nor are torn or reordered writes between syncs (all unsynced writes are lost together).
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
    public static void Watch(ProcessStartInfo info, string database)
    {
        info.Environment["LD_PRELOAD"] = Library.Value;
        info.Environment["FB_POWERLOSS_MATCH"] = database;
    }

    /// <summary>The power cut, after the process died: each database file as it was at its last sync.</summary>
    public static void Cut(string database)
    {
        foreach (var file in Suffixes.Select(s => database + s))
        {
            if (File.Exists(file + ".synced")) File.Move(file + ".synced", file, overwrite: true);
            else File.Delete(file);
            File.Delete(file + ".syncing");
        }
        File.Delete(database + "-shm"); // SQLite's shared-memory index of the log: rebuilt from the log on open
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
