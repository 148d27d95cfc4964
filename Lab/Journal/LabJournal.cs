using System.Globalization;
using Failback.Lab.Sessions;
using Microsoft.Data.Sqlite;

namespace Failback.Lab.Journal;

/// <summary>
/// A lab's SQLite journal: the lab's settings (the drill's text, seed, pace, hashed tokens) and every command and time
/// advance in order, each committed (synchronous=FULL) before it is acknowledged. Replaying it rebuilds the lab exactly.
/// </summary>
public sealed class LabJournal : IDisposable
{
    /// <summary>The journal's format; a newer one is refused rather than misread.</summary>
    public const int Format = 1;

    private readonly SqliteConnection _db;

    private LabJournal(string path, SqliteOpenMode mode)
    {
        Path = path;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
    }

    public string Path { get; }

    /// <summary>Creates a journal with its settings; an existing file is refused.</summary>
    public static LabJournal Create(string path, IReadOnlyDictionary<string, string> settings)
    {
        if (File.Exists(path)) throw new LabInputException("LabExists", $"A lab journal already exists at {path}; delete the lab first or choose another name.", 409);
        var journal = new LabJournal(path, SqliteOpenMode.ReadWriteCreate);
        using var tx = journal._db.BeginTransaction();
        journal.Execute("CREATE TABLE lab (key TEXT PRIMARY KEY, value TEXT NOT NULL);" +
                        "CREATE TABLE journal (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL);");
        foreach (var (key, value) in settings.Append(new("format", Format.ToString(CultureInfo.InvariantCulture))))
            journal.Execute("INSERT INTO lab (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
        tx.Commit();
        return journal;
    }

    /// <summary>Opens an existing journal; a missing file, another kind of file or a newer format is refused.</summary>
    public static LabJournal Open(string path)
    {
        if (!File.Exists(path)) throw new LabInputException("LabNotFound", $"No lab journal at {path}.", 404);
        LabJournal? journal = null;
        try
        {
            journal = new LabJournal(path, SqliteOpenMode.ReadWrite);
            var format = journal.Setting("format");
            if (format is null || !int.TryParse(format, CultureInfo.InvariantCulture, out var f))
                throw new LabInputException("BadJournal", $"{path} is not a lab journal (no format).");
            if (f > Format) throw new LabInputException("BadJournal", $"{path} was written by a newer lab host (format {f}; this one reads {Format}).");
            return journal;
        }
        catch (SqliteException e)
        {
            journal?.Dispose();
            throw new LabInputException("BadJournal", $"{path} is not a lab journal: {e.Message}");
        }
        catch
        {
            journal?.Dispose();
            throw;
        }
    }

    public string? Setting(string key)
    {
        using var cmd = Command("SELECT value FROM lab WHERE key = $k", ("$k", key));
        return cmd.ExecuteScalar() as string;
    }

    public void SetSetting(string key, string value) =>
        Execute("INSERT INTO lab (key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));

    /// <summary>Appends an entry and commits it; returns it with its sequence number.</summary>
    public LabEntry Append(TimeSpan at, LabEntryKind kind, LabRole role, string body = "")
    {
        using var cmd = Command("INSERT INTO journal (at, kind, role, body) VALUES ($at, $kind, $role, $body) RETURNING seq",
            ("$at", at.Ticks), ("$kind", kind.ToString()), ("$role", role.ToString()), ("$body", body));
        var seq = (long)cmd.ExecuteScalar()!;
        return new LabEntry(seq, at, kind, role, body);
    }

    /// <summary>Every entry, in order.</summary>
    public IReadOnlyList<LabEntry> Entries()
    {
        using var cmd = Command("SELECT seq, at, kind, role, body FROM journal ORDER BY seq");
        using var reader = cmd.ExecuteReader();
        var entries = new List<LabEntry>();
        while (reader.Read())
        {
            if (!Enum.TryParse<LabEntryKind>(reader.GetString(2), out var kind) || !Enum.TryParse<LabRole>(reader.GetString(3), out var role))
                throw new LabInputException("BadJournal", $"{Path}: entry {reader.GetInt64(0)} has an unknown kind '{reader.GetString(2)}' or role '{reader.GetString(3)}'.");
            entries.Add(new LabEntry(reader.GetInt64(0), TimeSpan.FromTicks(reader.GetInt64(1)), kind, role, reader.GetString(4)));
        }
        return entries;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    public void Dispose()
    {
        _db.Dispose();
    }
}
