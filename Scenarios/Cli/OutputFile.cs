namespace Failback.Scenarios.Cli;

/// <summary>
/// A file the command writes when it ends (<c>--junit</c>, <c>--trace</c>): checked before the run, so a missing
/// folder, a folder in its place or a file it may not write stops the command at once instead of after the run.
/// </summary>
internal static class OutputFile
{
    /// <summary>The path, if it can be written; else a usage error naming the option and what is wrong.</summary>
    public static string? Check(string? path, string option)
    {
        if (path is null) return null;
        if (path.Length == 0) throw new UsageException($"{option} needs a file name.");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} '{path}' is not a usable path: {e.Message}");
        }
        if (Directory.Exists(full)) throw new UsageException($"{option} '{path}' is a folder; name a file to write.");
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new UsageException($"{option} '{path}': the folder {folder} does not exist; create it first.");
        var existed = File.Exists(full);
        try
        {
            // Opened for writing without truncating, and removed again if this created it: nothing changes yet.
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            if (!existed) File.Delete(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{path}' cannot be written: {e.Message}");
        }
        return path;
    }

    /// <summary>Writes the output at the end of the command; a failure then (a full disk) is one line and exit 2.</summary>
    public static void Write(string path, string option, string text)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{path}' could not be written: {e.Message}");
        }
    }
}
