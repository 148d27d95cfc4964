using Failback.Engine.Orchestration.Errors;
using Microsoft.Data.Sqlite;

namespace Failback.Engine.Components;

/// <summary>
/// The configuration server's database: a real SQLite file with a versioned schema
/// (PRAGMA user_version, migrated forward on open). It holds the registered servers, policies,
/// protected items and their disks, replication pairs and jobs, and is backed up with SQLite's
/// online backup so a copy is consistent while the server keeps running.
/// </summary>
public sealed class ConfigurationDatabase : IDisposable
{
    /// <summary>Each entry migrates the schema from version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE servers (id TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL, ip TEXT NOT NULL,
            location TEXT NOT NULL, registered_at INTEGER NOT NULL, last_heartbeat INTEGER);
        CREATE TABLE policies (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, rpo_threshold_s INTEGER NOT NULL,
            retention_s INTEGER NOT NULL, app_consistent_s INTEGER, is_failback INTEGER NOT NULL,
            configuration_server_id TEXT, paired_policy_id TEXT);
        CREATE TABLE protected_items (id TEXT PRIMARY KEY, name TEXT NOT NULL, source_machine_id TEXT NOT NULL,
            machine_kind TEXT NOT NULL, protection_state TEXT NOT NULL, active_location TEXT NOT NULL,
            policy_id TEXT NOT NULL REFERENCES policies(id));
        CREATE TABLE item_disks (item_id TEXT NOT NULL REFERENCES protected_items(id) ON DELETE CASCADE,
            disk_id TEXT NOT NULL, capacity_bytes INTEGER NOT NULL, target TEXT, PRIMARY KEY (item_id, disk_id));
        CREATE TABLE replication_pairs (id TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES protected_items(id) ON DELETE CASCADE,
            direction TEXT NOT NULL, process_server_id TEXT NOT NULL, master_target_id TEXT, journal_path TEXT NOT NULL,
            state TEXT NOT NULL, applied_sequence INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL, item_id TEXT, state TEXT NOT NULL,
            state_description TEXT, started_at INTEGER NOT NULL, ended_at INTEGER, error_code TEXT, error_message TEXT);
        """,
        // The orchestrator's whole job (tasks, progress, errors) as JSON beside its summary columns.
        "ALTER TABLE jobs ADD COLUMN document TEXT;",
    ];

    public static int SchemaVersion => Migrations.Length;

    private readonly SqliteConnection _connection;

    private ConfigurationDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and migrates it to the current schema.</summary>
    public static ConfigurationDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
                throw new AsrException(ErrorCatalog.ConfigurationDatabaseTooNew.Create(
                    $"'{path}' has schema version {version}, newer than this engine's {SchemaVersion}"));
            for (; version < SchemaVersion; version++)
            {
                using var migrate = connection.BeginTransaction();
                Execute(connection, Migrations[version]);
                Execute(connection, $"PRAGMA user_version = {version + 1}");
                migrate.Commit();
            }
            Execute(connection, "PRAGMA foreign_keys = ON");
            // Write-ahead log, synced at every commit: a transaction is one append to the log and one fsync, instead of
            // a journal file created, synced and deleted per transaction (which made the database the slowest part of a
            // drill). Synced, because what the database records is what the engine acknowledges (a pair's applied
            // writes): without the sync a power cut loses acknowledged records, which the crash test shows by modelling
            // one (properties/Engine.Tests/Replication/PowerLossFiles.cs). A drill's run folder is usually in memory
            // (/dev/shm), where a sync costs nothing.
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA synchronous = FULL");
            return new ConfigurationDatabase(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The schema version stored in the file.</summary>
    public int Version => Convert.ToInt32(Scalar(_connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Copies the whole database to <paramref name="backupPath"/> with SQLite's online backup.</summary>
    public void BackupTo(string backupPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupPath);
        using var destination = Connect(backupPath, SqliteOpenMode.ReadWriteCreate);
        _connection.BackupDatabase(destination);
    }

    /// <summary>Reads one setting from a database file without opening it for writing (e.g. a backup).</summary>
    public static string? ReadSetting(string path, string key)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No configuration database at '{path}'.", path);
        using var connection = Connect(path, SqliteOpenMode.ReadOnly);
        return Scalar(connection, "SELECT value FROM settings WHERE key = $k", ("$k", key)) as string;
    }

    /// <summary>Replaces the database at <paramref name="path"/> with the contents of <paramref name="backupPath"/>.</summary>
    public static void RestoreFile(string backupPath, string path)
    {
        using var source = Connect(backupPath, SqliteOpenMode.ReadOnly);
        using var destination = Connect(path, SqliteOpenMode.ReadWriteCreate);
        source.BackupDatabase(destination);
    }

    public string? GetSetting(string key) => Scalar(_connection, "SELECT value FROM settings WHERE key = $k", ("$k", key)) as string;

    public void SetSetting(string key, string value) =>
        Execute(_connection, "INSERT INTO settings(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = $v", ("$k", key), ("$v", value));

    /// <summary>The next number of a deterministic id counter (ps-1, job-7, ...), persisted so ids survive restarts.</summary>
    public long NextNumber(string kind) =>
        (long)Scalar(_connection, "INSERT INTO counters(kind, value) VALUES($k, 1) ON CONFLICT(kind) DO UPDATE SET value = value + 1 RETURNING value", ("$k", kind))!;

    public void AddServer(RegisteredServer s) => Execute(_connection,
        "INSERT INTO servers VALUES($id, $role, $name, $ip, $loc, $at, $hb)",
        ("$id", s.Id), ("$role", s.Role.ToString()), ("$name", s.Name), ("$ip", s.IpAddress), ("$loc", s.Location),
        ("$at", s.RegisteredAt.UtcTicks), ("$hb", s.LastHeartbeat?.UtcTicks));

    public void SetHeartbeat(string serverId, DateTimeOffset time) =>
        Execute(_connection, "UPDATE servers SET last_heartbeat = $t WHERE id = $id", ("$t", time.UtcTicks), ("$id", serverId));

    public IReadOnlyList<RegisteredServer> Servers() => Query(_connection, "SELECT * FROM servers ORDER BY registered_at, id", r => new RegisteredServer(
        r.GetString(0), Enum.Parse<ServerRole>(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), Time(r, 5), r.IsDBNull(6) ? null : Time(r, 6)));

    public RegisteredServer? FindServer(string id) => Servers().FirstOrDefault(s => s.Id == id);

    public void SavePolicy(ReplicationPolicy p) => Execute(_connection,
        """
        INSERT INTO policies VALUES($id, $name, $rpo, $ret, $app, $fb, $cs, $pair)
        ON CONFLICT(id) DO UPDATE SET name = $name, rpo_threshold_s = $rpo, retention_s = $ret, app_consistent_s = $app,
            is_failback = $fb, configuration_server_id = $cs, paired_policy_id = $pair
        """,
        ("$id", p.Id), ("$name", p.Name), ("$rpo", (long)p.RpoThreshold.TotalSeconds), ("$ret", (long)p.RecoveryPointRetention.TotalSeconds),
        ("$app", p.AppConsistentFrequency is { } f ? (long)f.TotalSeconds : null), ("$fb", p.IsFailback ? 1 : 0),
        ("$cs", p.ConfigurationServerId), ("$pair", p.PairedPolicyId));

    public IReadOnlyList<ReplicationPolicy> Policies() => Query(_connection, "SELECT * FROM policies ORDER BY id", r => new ReplicationPolicy
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        RpoThreshold = TimeSpan.FromSeconds(r.GetInt64(2)),
        RecoveryPointRetention = TimeSpan.FromSeconds(r.GetInt64(3)),
        AppConsistentFrequency = r.IsDBNull(4) ? null : TimeSpan.FromSeconds(r.GetInt64(4)),
        IsFailback = r.GetInt64(5) != 0,
        ConfigurationServerId = r.IsDBNull(6) ? null : r.GetString(6),
        PairedPolicyId = r.IsDBNull(7) ? null : r.GetString(7),
    });

    public ReplicationPolicy? FindPolicy(string id) => Policies().FirstOrDefault(p => p.Id == id);

    public void SaveItem(ProtectedItemRecord i) => Execute(_connection,
        """
        INSERT INTO protected_items VALUES($id, $name, $src, $kind, $state, $loc, $policy)
        ON CONFLICT(id) DO UPDATE SET name = $name, source_machine_id = $src, machine_kind = $kind,
            protection_state = $state, active_location = $loc, policy_id = $policy
        """,
        ("$id", i.Id), ("$name", i.Name), ("$src", i.SourceMachineId), ("$kind", i.MachineKind), ("$state", i.ProtectionState),
        ("$loc", i.ActiveLocation), ("$policy", i.PolicyId));

    public IReadOnlyList<ProtectedItemRecord> Items() => Query(_connection, "SELECT * FROM protected_items ORDER BY id", r => new ProtectedItemRecord(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));

    public ProtectedItemRecord? FindItem(string id) => Items().FirstOrDefault(i => i.Id == id);

    public void DeleteItem(string id) => Execute(_connection, "DELETE FROM protected_items WHERE id = $id", ("$id", id));

    public void SaveDisk(ItemDiskRecord d) => Execute(_connection,
        "INSERT INTO item_disks VALUES($item, $disk, $cap, $target) ON CONFLICT(item_id, disk_id) DO UPDATE SET capacity_bytes = $cap, target = $target",
        ("$item", d.ItemId), ("$disk", d.DiskId), ("$cap", d.CapacityBytes), ("$target", d.Target));

    public IReadOnlyList<ItemDiskRecord> Disks(string itemId) => Query(_connection, "SELECT * FROM item_disks WHERE item_id = $item ORDER BY disk_id",
        r => new ItemDiskRecord(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3)), ("$item", itemId));

    public void SavePair(ReplicationPairRecord p) => Execute(_connection,
        """
        INSERT INTO replication_pairs VALUES($id, $item, $dir, $ps, $mt, $journal, $state, $seq, $at)
        ON CONFLICT(id) DO UPDATE SET direction = $dir, process_server_id = $ps, master_target_id = $mt,
            journal_path = $journal, state = $state, applied_sequence = $seq, updated_at = $at
        """,
        ("$id", p.Id), ("$item", p.ItemId), ("$dir", p.Direction), ("$ps", p.ProcessServerId), ("$mt", p.MasterTargetId),
        ("$journal", p.JournalPath), ("$state", p.State), ("$seq", p.AppliedSequence), ("$at", p.UpdatedAt.UtcTicks));

    public IReadOnlyList<ReplicationPairRecord> Pairs() => Query(_connection, "SELECT * FROM replication_pairs ORDER BY id", r => new ReplicationPairRecord(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetString(6),
        r.GetInt64(7), Time(r, 8)));

    public ReplicationPairRecord? FindPair(string id) => Pairs().FirstOrDefault(p => p.Id == id);

    /// <summary>Inserts or updates a job; <paramref name="document"/> is the full job as its owner serializes it.</summary>
    public void SaveJob(JobRecord j, string? document = null) => Execute(_connection,
        """
        INSERT INTO jobs VALUES($id, $name, $item, $state, $desc, $start, $end, $code, $msg, $doc)
        ON CONFLICT(id) DO UPDATE SET state = $state, state_description = $desc, ended_at = $end, error_code = $code, error_message = $msg, document = $doc
        """,
        ("$id", j.Id), ("$name", j.Name), ("$item", j.ItemId), ("$state", j.State), ("$desc", j.StateDescription),
        ("$start", j.StartedAt.UtcTicks), ("$end", j.EndedAt?.UtcTicks), ("$code", j.ErrorCode), ("$msg", j.ErrorMessage), ("$doc", document));

    /// <summary>The stored job documents in the order the jobs were first saved.</summary>
    public IReadOnlyList<string> JobDocuments() =>
        Query(_connection, "SELECT document FROM jobs WHERE document IS NOT NULL ORDER BY rowid", r => r.GetString(0));

    public string? FindJobDocument(string id) => Scalar(_connection, "SELECT document FROM jobs WHERE id = $id", ("$id", id)) as string;

    public IReadOnlyList<JobRecord> Jobs() => Query(_connection, "SELECT * FROM jobs ORDER BY started_at, id", r => new JobRecord(
        r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
        Time(r, 5), r.IsDBNull(6) ? null : Time(r, 6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)));

    public void Dispose() => _connection.Dispose();

    // Pooling off: a closed database must release its file so it can be restored over or deleted.
    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static DateTimeOffset Time(SqliteDataReader r, int column) => new(r.GetInt64(column), TimeSpan.Zero);

    private static SqliteCommand Command(SqliteConnection c, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, sql, parameters);
        return command.ExecuteScalar();
    }

    private static List<T> Query<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
