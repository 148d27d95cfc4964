namespace Failback.Scenarios.World;

/// <summary>
/// The fresh folder one run works in (datastores, storage, databases); deleted afterwards unless kept.
/// Its absolute path never reaches the report or the trace: both name it <c>$RUN</c>.
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>Memory-backed scratch is used only with this much room, so a small /dev/shm (a container's 64 MiB) is passed over.</summary>
    private const long MemoryScratchMinimum = 1L << 30;

    public RunFolder(bool keep)
    {
        Path = System.IO.Path.Combine(Scratch(), $"drill-{System.IO.Path.GetRandomFileName()}");
        Directory.CreateDirectory(Path);
        Keep = keep;
    }

    public string Path { get; }
    public bool Keep { get; }

    public string Relative(string text) => text.Replace(Path, "$RUN", StringComparison.Ordinal);

    public void Dispose()
    {
        if (!Keep && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    /// <summary>
    /// Where run folders go: <c>TMPDIR</c> when set; else <c>/dev/shm</c> when it has room, because a run's files are
    /// scratch deleted when it ends, and on a disk file system their flushes and deletions (discards on this kind of
    /// machine) cost a drill more than its simulation; else the system's temporary folder.
    /// </summary>
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
