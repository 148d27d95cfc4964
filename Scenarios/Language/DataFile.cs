namespace Failback.Scenarios.Language;

/// <summary>
/// A file a scenario names (<c>data:</c>): a regular file inside the scenario's folder once every symbolic link
/// is followed, at most <see cref="MaxBytes"/>. A link pointing outside, a FIFO (which would hang the read) and a
/// device such as /dev/zero (which never ends) are refused at binding.
/// </summary>
public static class DataFile
{
    /// <summary>As large as the largest write a step takes.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>Linux gives up after 40 links in one lookup; so do we.</summary>
    private const int MaxLinks = 40;

    public static byte[] Read(Node node)
    {
        var text = node.AsString();
        var scenarioFolder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(node.File))!;
        var lexical = node.AsPathInside(scenarioFolder);
        var folder = RealPath(scenarioFolder) ?? throw node.Error($"{node.Path}: the scenario's folder {scenarioFolder} has a link loop.");
        var path = RealPath(lexical) ?? throw node.Error($"{node.Path} '{text}' goes through more than {MaxLinks} symbolic links (a loop?).");
        if (!path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw node.Error($"{node.Path} '{text}' leads to {path}, outside the scenario's folder {folder}; use a file inside it.");
        if (Directory.Exists(path)) throw node.Error($"{node.Path} '{text}' is a folder; name a file.");
        if (!File.Exists(path)) throw node.Error($"no file '{text}' beside the scenario.");
        // A FIFO, a device or a socket reports length 0 (as does an empty file, which writes nothing): all refused
        // without opening them, since opening a FIFO waits for a writer.
        var length = new FileInfo(path).Length;
        if (length == 0) throw node.Error($"{node.Path} '{text}' is empty or not a regular file (a FIFO or a device); name a file with the data to write.");
        if (length > MaxBytes) throw node.Error($"{node.Path} '{text}' is {length} bytes; a data file is at most {MaxBytes >> 20}MiB (the largest write).");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw node.Error($"{node.Path} '{text}' cannot be read: {e.Message}");
        }
    }

    /// <summary>The absolute path with every symbolic link along it followed (as realpath(3)); null on a loop.</summary>
    public static string? RealPath(string path)
    {
        var pending = new Stack<string>(Components(System.IO.Path.GetFullPath(path)).Reverse());
        var resolved = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            var next = System.IO.Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }
            if (++links > MaxLinks) return null;
            // The target replaces this component: resolved again from the root, then the rest of the path.
            foreach (var c in Components(System.IO.Path.GetFullPath(System.IO.Path.Combine(resolved, target))).Reverse()) pending.Push(c);
            resolved = "/";
        }
        return resolved;
    }

    private static IEnumerable<string> Components(string fullPath) =>
        fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
