namespace Failback.Scenarios.World;

/// <summary>
/// The fresh folder one run works in (datastores, storage, databases); deleted afterwards unless kept.
/// Its absolute path never reaches the report or the trace: both name it <c>$RUN</c>.
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>Memory-backed scratch is used only with this much room, so a small /dev/shm (a container's 64 MiB) is passed over.</summary>
    private const long MemoryScratchMinimum = 1L << 30;

    /// <summary>Run folders are named <c>drill-PID-RANDOM</c>, so a later drill can tell the folders of a process that died.</summary>
    private const string Prefix = "drill-";

    /// <summary>The folders of runs in progress in this process, for <see cref="DeleteAllLive"/>.</summary>
    private static readonly HashSet<string> Live = [];

    /// <summary>
    /// Guards <see cref="Live"/>. A <see cref="Lock"/>, not a Monitor on the set: Coyote's rewriting controls Monitors, and a
    /// process-wide one outlives the test iteration that first took it (Coyote then fails the next iteration).
    /// </summary>
    private static readonly Lock LiveGate = new();

    /// <summary>Set when the process is stopping (a signal): no new run folder is made, as it would be left behind.</summary>
    private static volatile bool _closing;

    public RunFolder(bool keep)
    {
        Path = System.IO.Path.Combine(Scratch(), $"{Prefix}{Environment.ProcessId}-{System.IO.Path.GetRandomFileName()}");
        Keep = keep;
        // Made and registered under the lock DeleteAllLive takes: a folder is either in its list or never made. A run
        // starting while the process stops waits for the exit instead of creating a folder nobody deletes.
        lock (LiveGate)
        {
            if (!_closing)
            {
                Directory.CreateDirectory(Path);
                if (!keep) Live.Add(Path);
                return;
            }
        }
        Thread.Sleep(Timeout.Infinite);
    }

    public string Path { get; }
    public bool Keep { get; }

    public string Relative(string text) => text.Replace(Path, "$RUN", StringComparison.Ordinal);

    public void Dispose()
    {
        lock (LiveGate) Live.Remove(Path);
        if (!Keep && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    /// <summary>
    /// For a process that is stopping (Ctrl-C, SIGTERM): no run starts any more, and the folders of runs in progress are
    /// deleted, again while a run still writing recreates its folder. Returns how many could not be deleted.
    /// </summary>
    public static int DeleteAllLive()
    {
        string[] live;
        lock (LiveGate)
        {
            _closing = true;
            live = [.. Live];
        }
        // A step writing when its folder goes may create it again (a loaded machine can hold that thread back for
        // longer than any wait): an empty file takes the folder's place, so nothing can be created under its path.
        // The file is what is left, and the next drill sweeps it with the folders of dead processes.
        for (var round = 0; round < 5; round++)
        {
            foreach (var path in live)
            {
                if (Directory.Exists(path)) TryDelete(path);
                Tombstone(path);
            }
            Thread.Sleep(20);
        }
        return live.Count(path => Directory.Exists(path) && !TryDelete(path));
    }

    private static void Tombstone(string path)
    {
        try
        {
            using (File.Open(path, FileMode.CreateNew)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // It is there already, or the folder came back: the next round deletes it again.
        }
    }

    /// <summary>True once <see cref="DeleteAllLive"/> ran: the process is stopping.</summary>
    public static bool Closing => _closing;

    /// <summary>
    /// Deletes the run folders of processes that no longer exist (killed with SIGKILL, or by a power cut): in
    /// /dev/shm they would hold memory until the next boot. Returns the folders deleted.
    /// </summary>
    public static IReadOnlyList<string> SweepOrphans()
    {
        var swept = new List<string>();
        foreach (var scratch in new[] { Scratch(), System.IO.Path.GetTempPath() }.Distinct(StringComparer.Ordinal))
        {
            IEnumerable<string> folders;
            try
            {
                folders = Directory.EnumerateFileSystemEntries(scratch, Prefix + "*").ToList(); // folders, and tombstones
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var folder in folders)
            {
                var name = System.IO.Path.GetFileName(folder).AsSpan(Prefix.Length);
                var dash = name.IndexOf('-');
                if (dash <= 0 || !int.TryParse(name[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) continue;
                if (pid == Environment.ProcessId || ProcessExists(pid)) continue;
                if (TryDelete(folder)) swept.Add(folder);
            }
        }
        return swept;
    }

    /// <summary>A process exists while /proc has its folder (Linux); elsewhere every process is taken as alive and nothing is swept.</summary>
    private static bool ProcessExists(int pid) => !Directory.Exists("/proc/self") || Directory.Exists($"/proc/{pid}");

    private static bool TryDelete(string path)
    {
        // A run still writing may add a file between the listing and the deletion: try a few times.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else if (File.Exists(path)) File.Delete(path); // a stopped process's tombstone
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Try again.
            }
        }
        return false;
    }

    /// <summary>
    /// Where run folders go: <c>TMPDIR</c> when set; else <c>/dev/shm</c> when it has room, because a run's files are
    /// scratch deleted when it ends, and on a disk file system their flushes and deletions (discards on this kind of
    /// machine) cost a drill more than its simulation; else the system's temporary folder.
    /// </summary>
    /// <summary>True when <paramref name="e"/> (or an exception inside it) says a file system is full (ENOSPC, ERROR_DISK_FULL).</summary>
    public static bool IsNoSpace(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is IOException { HResult: 28 or 112 or 39 or unchecked((int)0x80070070) or unchecked((int)0x80070027) }) return true;
        return e is AggregateException all && all.InnerExceptions.Any(IsNoSpace);
    }

    /// <summary>Where run folders go and the room left there, for a message.</summary>
    public static string ScratchText()
    {
        var scratch = Scratch();
        try
        {
            return $"{scratch}, {new DriveInfo(scratch).TotalSize >> 20} MiB in all";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return scratch;
        }
    }

    private static string Scratch()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TMPDIR"))) return System.IO.Path.GetTempPath();
        const string shm = "/dev/shm";
        try
        {
            if (Directory.Exists(shm) && new DriveInfo(shm).AvailableFreeSpace >= MemoryScratchMinimum) return shm;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not usable here: fall back to the temporary folder.
        }
        return System.IO.Path.GetTempPath();
    }
}
