using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Failback.Lab.Journal;
using Failback.Scenarios.Language;

namespace Failback.Lab.Sessions;

/// <summary>A lab as listed: its settings, without opening (replaying) it.</summary>
public sealed record LabInfo(string Name, string Title, string File, ulong Seed, double Speed, bool Paused, bool Open);

/// <summary>A lab just created, with its two tokens: shown this once, stored only hashed.</summary>
public sealed record LabCreated(LabSession Session, string TraineeToken, string InstructorToken);

/// <summary>
/// The labs in a folder, one SQLite journal each (<c>NAME.lab</c>): create from a drill file, open (replaying the
/// journal; a lab is open in one process at a time), list, delete, and check a bearer token against a lab's hashed tokens.
/// </summary>
public sealed partial class LabRegistry : IDisposable
{
    public const string Extension = ".lab";

    private readonly object _gate = new();
    private readonly Dictionary<string, Task<LabSession>> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStream> _locks = new(StringComparer.Ordinal);

    public LabRegistry(string folder)
    {
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Creates a lab from a drill file: runs the drill's world and steps (the starting state) and opens it.</summary>
    public async Task<LabCreated> CreateAsync(string name, string drillFile, ulong? seed = null, double speed = 60)
    {
        CheckName(name);
        if (!double.IsFinite(speed) || speed < 0 || speed > LabSettings.MaxSpeed)
            throw new LabInputException("InvalidSpeed", $"The speed is from 0 (manual) to {LabSettings.MaxSpeed} virtual seconds per wall second, not {speed}.");
        LabDrill drill;
        try
        {
            drill = LabDrill.Load(drillFile);
        }
        catch (ScenarioError e)
        {
            throw new LabInputException("InvalidDrill", e.Message);
        }
        var trainee = NewToken();
        var instructor = NewToken();
        var path = JournalPath(name);
        lock (_gate)
        {
            if (_open.ContainsKey(name) || File.Exists(path))
                throw new LabInputException("LabExists", $"A lab named '{name}' already exists in {Folder}; delete it first or choose another name.", 409);
            LabJournal.Create(path, new Dictionary<string, string>
            {
                [LabSettings.Name] = name,
                [LabSettings.File] = drill.File,
                [LabSettings.Drill] = drill.Text,
                [LabSettings.Seed] = (seed ?? drill.Bound.Scenario.Seed).ToString(CultureInfo.InvariantCulture),
                [LabSettings.Speed] = speed.ToString(CultureInfo.InvariantCulture),
                [LabSettings.Paused] = "false",
                [LabSettings.TraineeToken] = Hash(trainee),
                [LabSettings.InstructorToken] = Hash(instructor),
            }).Dispose();
        }
        try
        {
            return new LabCreated(await OpenAsync(name), trainee, instructor);
        }
        catch
        {
            Close(name);
            DeleteFiles(name);
            throw;
        }
    }

    /// <summary>The open lab, or the lab opened now from its journal (replayed). Another process holding it is refused.</summary>
    public Task<LabSession> OpenAsync(string name)
    {
        CheckName(name);
        lock (_gate)
        {
            if (_open.TryGetValue(name, out var open) && !open.IsFaulted) return open;
            // A lab that failed to open is tried again: the failed attempt's hold on it is let go first.
            _open.Remove(name);
            if (_locks.Remove(name, out var stale)) stale.Dispose();
            var path = JournalPath(name);
            if (!File.Exists(path)) throw new LabInputException("LabNotFound", $"No lab named '{name}' in {Folder}.", 404);
            FileStream held;
            try
            {
                held = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new LabInputException("LabInUse", $"The lab '{name}' is open in another process (a lab host serving {Folder}); use that host's API.", 409);
            }
            _locks[name] = held;
            var opening = LabSession.OpenAsync(LabJournal.Open(path));
            _open[name] = opening;
            return opening;
        }
    }

    /// <summary>The labs of the folder, by name.</summary>
    public IReadOnlyList<LabInfo> List()
    {
        var labs = new List<LabInfo>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!NamePattern().IsMatch(name)) continue;
            try
            {
                using var journal = LabJournal.Open(path);
                var drill = journal.Setting(LabSettings.Drill) ?? "";
                string title;
                try
                {
                    title = LabDrill.Parse(journal.Setting(LabSettings.File) ?? path, drill).Title;
                }
                catch (ScenarioError)
                {
                    title = "(the drill no longer binds)";
                }
                bool open;
                lock (_gate) open = _open.ContainsKey(name);
                labs.Add(new LabInfo(name, title, journal.Setting(LabSettings.File) ?? "",
                    ulong.Parse(journal.Setting(LabSettings.Seed) ?? "1", CultureInfo.InvariantCulture),
                    double.Parse(journal.Setting(LabSettings.Speed) ?? "0", CultureInfo.InvariantCulture), journal.Setting(LabSettings.Paused) == "true", open));
            }
            catch (LabInputException)
            {
                // Not a lab journal: not listed.
            }
        }
        return labs;
    }

    /// <summary>Closes the lab (if open here) and deletes its journal.</summary>
    public void Delete(string name)
    {
        CheckName(name);
        if (!File.Exists(JournalPath(name))) throw new LabInputException("LabNotFound", $"No lab named '{name}' in {Folder}.", 404);
        Close(name);
        try
        {
            using var held = new FileStream(JournalPath(name) + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new LabInputException("LabInUse", $"The lab '{name}' is open in another process; delete it through that host.", 409);
        }
        DeleteFiles(name);
    }

    /// <summary>The control file of the host serving this folder from this process (its token opens every lab as instructor).</summary>
    public Http.HostControl? Control { get; set; }

    /// <summary>The role a bearer token gives in a lab, or null (compared in constant time on the hashes).</summary>
    public LabRole? Authenticate(string name, string? token)
    {
        if (token is null || !NamePattern().IsMatch(name) || !File.Exists(JournalPath(name))) return null;
        if (Control?.Opens(token) == true) return LabRole.Instructor;
        using var journal = LabJournal.Open(JournalPath(name));
        var hash = Encoding.ASCII.GetBytes(Hash(token));
        if (Same(journal.Setting(LabSettings.InstructorToken), hash)) return LabRole.Instructor;
        if (Same(journal.Setting(LabSettings.TraineeToken), hash)) return LabRole.Trainee;
        return null;
    }

    private static bool Same(string? stored, byte[] hash) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), hash);

    /// <summary>Closes a lab open in this registry (its journal stays).</summary>
    public void Close(string name)
    {
        Task<LabSession>? open;
        lock (_gate)
        {
            _open.Remove(name, out open);
        }
        if (open is { IsCompletedSuccessfully: true }) open.Result.Dispose();
        else if (open is not null)
            try
            {
                open.GetAwaiter().GetResult().Dispose();
            }
            catch (Exception e) when (e is LabInputException or Scenarios.Language.ScenarioError)
            {
                // It never opened: nothing to close.
            }
        lock (_gate)
        {
            if (_locks.Remove(name, out var held)) held.Dispose();
        }
    }

    public string JournalPath(string name) => Path.Combine(Folder, name + Extension);

    private void DeleteFiles(string name)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal", ".lock" })
            File.Delete(JournalPath(name) + suffix);
    }

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw new LabInputException("InvalidLabName", $"A lab's name is 1 to 63 lowercase letters, digits and '-', starting with a letter or digit; '{Printable(name)}' is not.");
    }

    private static string Printable(string text) =>
        text.Length > 64 ? Printable(text[..64]) + "..." : string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));

    /// <summary>A token of 32 bytes from the operating system's random source, URL-safe.</summary>
    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A high-entropy token needs no slow hash: SHA-256 of it cannot be reversed.</summary>
    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    public void Dispose()
    {
        string[] names;
        lock (_gate) names = [.. _open.Keys];
        foreach (var name in names) Close(name);
    }
}
