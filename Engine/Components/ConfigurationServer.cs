using System.Security.Cryptography;
using System.Text;
using Failback.Engine.Orchestration.Errors;

namespace Failback.Engine.Components;

/// <summary>
/// The configuration server on the management server: it registers process servers and master
/// targets by passphrase, owns the policies and the protected items, and keeps all of it in its
/// SQLite database. Failback needs it on-premises with the item in its database, so it is backed up
/// and, after a disaster, restored with the same IP address (PRE-6).
/// </summary>
public sealed class ConfigurationServer : IDisposable
{
    /// <summary>The setting that holds the passphrase's PBKDF2 key.</summary>
    public const string PassphraseSetting = "passphrase_pbkdf2";
    private readonly TimeProvider _time;
    // The stored key and a SHA-256 of the passphrase that last matched it: registrations with the same passphrase
    // (a process server, then a master target...) are not derived again, which cost ~10 ms of CPU each. Memory only;
    // the database keeps the PBKDF2 key alone.
    private (string StoredKey, byte[] Digest)? _verified;

    private ConfigurationServer(ConfigurationDatabase database, TimeProvider time)
    {
        Database = database;
        _time = time;
        Id = Setting("id");
        Name = Setting("name");
        IpAddress = Setting("ip_address");
    }

    public string Id { get; }
    public string Name { get; }
    public string IpAddress { get; }
    public ConfigurationDatabase Database { get; }

    /// <summary>
    /// Installs a configuration server with a new database at <paramref name="databasePath"/>; the passphrase is kept
    /// only as a salted PBKDF2 key (<see cref="PassphraseHash"/>), <paramref name="salt"/> drawn by the caller.
    /// </summary>
    public static ConfigurationServer Create(string databasePath, string name, string ipAddress, string passphrase, ReadOnlySpan<byte> salt, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(ipAddress);
        if (string.IsNullOrEmpty(passphrase) || passphrase.Length < 8)
            throw new ArgumentException("The configuration server passphrase must have at least 8 characters.", nameof(passphrase));
        if (File.Exists(databasePath))
            throw new AsrException(ErrorCatalog.ConfigurationDatabaseExists.Create($"'{databasePath}'"));
        var passphraseKey = PassphraseHash.Create(passphrase, salt);
        var database = ConfigurationDatabase.Open(databasePath);
        database.SetSetting("id", "cs-1");
        database.SetSetting("name", name);
        database.SetSetting("ip_address", ipAddress);
        database.SetSetting(PassphraseSetting, passphraseKey);
        database.AddServer(new RegisteredServer("cs-1", ServerRole.ConfigurationServer, name, ipAddress, "OnPremises", time.GetUtcNow(), null));
        return new ConfigurationServer(database, time) { _verified = (passphraseKey, Digest(passphrase)) };
    }

    /// <summary>Starts the configuration server from its existing database (after a restart).</summary>
    public static ConfigurationServer Open(string databasePath, TimeProvider time)
    {
        if (!File.Exists(databasePath))
            throw new AsrException(ErrorCatalog.ConfigurationDatabaseMissing.Create($"no database at '{databasePath}'"));
        var database = ConfigurationDatabase.Open(databasePath);
        try
        {
            return new ConfigurationServer(database, time);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rebuilds a lost configuration server from <paramref name="backupPath"/> at <paramref name="databasePath"/>.
    /// It must come back with the IP address it had, or registered servers and agents cannot find it (PRE-6);
    /// a different address is refused and nothing is written.
    /// </summary>
    public static ConfigurationServer Restore(string backupPath, string databasePath, string ipAddress, TimeProvider time)
    {
        var original = ConfigurationDatabase.ReadSetting(backupPath, "ip_address");
        if (original != ipAddress)
            throw new AsrException(ErrorCatalog.ConfigurationServerIpChanged.Create(
                $"the configuration server in backup '{backupPath}' had IP address {original}; restore it with that same address, not {ipAddress}"));
        ConfigurationDatabase.RestoreFile(backupPath, databasePath);
        return Open(databasePath, time);
    }

    /// <summary>Takes a consistent copy of the database while the server runs (SQLite online backup).</summary>
    public void Backup(string backupPath) => Database.BackupTo(backupPath);

    /// <summary>Registers a process server or master target; a wrong passphrase is refused and nothing is recorded.</summary>
    public RegisteredServer RegisterServer(ServerRole role, string name, string ipAddress, string location, string passphrase)
    {
        if (role == ServerRole.ConfigurationServer) throw new ArgumentException("A configuration server does not register with another one.", nameof(role));
        if (!PassphraseMatches(passphrase ?? ""))
            throw new AsrException(ErrorCatalog.InvalidPassphrase.Create($"registering '{name}' with configuration server {Name} ({IpAddress})"));
        var existing = Database.Servers().FirstOrDefault(s => s.Role == role && s.Name == name);
        if (existing is not null) return existing;
        var prefix = role == ServerRole.ProcessServer ? "ps" : "mt";
        var server = new RegisteredServer($"{prefix}-{Database.NextNumber(prefix)}", role, name, ipAddress, location, _time.GetUtcNow(), null);
        Database.AddServer(server);
        return server;
    }

    private bool PassphraseMatches(string passphrase)
    {
        var stored = Setting(PassphraseSetting);
        var digest = Digest(passphrase);
        if (_verified is { } known && known.StoredKey == stored && CryptographicOperations.FixedTimeEquals(known.Digest, digest)) return true;
        if (!PassphraseHash.Verify(passphrase, stored)) return false;
        _verified = (stored, digest);
        return true;
    }

    private static byte[] Digest(string passphrase) => SHA256.HashData(Encoding.UTF8.GetBytes(passphrase));

    public IReadOnlyList<RegisteredServer> Servers(ServerRole role) => Database.Servers().Where(s => s.Role == role).ToList();

    public void RecordHeartbeat(string serverId, DateTimeOffset time)
    {
        if (Database.FindServer(serverId) is null)
            throw new AsrException(ErrorCatalog.ServerNotRegistered.Create($"server '{serverId}' on configuration server {Name}"));
        Database.SetHeartbeat(serverId, time);
    }

    public DateTimeOffset? LastHeartbeat(string serverId) => Database.FindServer(serverId)?.LastHeartbeat;

    /// <summary>
    /// Creates a forward replication policy and, with it, its failback policy, associated with this
    /// server and not editable (POL-1, POL-2).
    /// </summary>
    public (ReplicationPolicy Forward, ReplicationPolicy Failback) CreatePolicy(string name, TimeSpan rpoThreshold, TimeSpan retention, TimeSpan? appConsistentFrequency)
    {
        if (Database.Policies().Any(p => p.Name == name))
            throw new AsrException(ErrorCatalog.PolicyExists.Create($"'{name}'"));
        var forwardId = $"policy-{Database.NextNumber("policy")}";
        var failbackId = $"policy-{Database.NextNumber("policy")}";
        var forward = new ReplicationPolicy
        {
            Id = forwardId,
            Name = name,
            RpoThreshold = rpoThreshold,
            RecoveryPointRetention = retention,
            AppConsistentFrequency = appConsistentFrequency,
            PairedPolicyId = failbackId,
        };
        forward.Validate();
        var failback = ReplicationPolicy.FailbackFor(forward, failbackId, Id);
        Database.SavePolicy(forward);
        Database.SavePolicy(failback);
        return (forward, failback);
    }

    /// <summary>Edits a forward policy; a failback policy cannot be edited (POL-1).</summary>
    public ReplicationPolicy UpdatePolicy(ReplicationPolicy changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var stored = Database.FindPolicy(changed.Id)
            ?? throw new AsrException(ErrorCatalog.PolicyNotFound.Create($"'{changed.Id}' on configuration server {Name}"));
        if (stored.IsFailback)
            throw new AsrException(ErrorCatalog.FailbackPolicyNotEditable.Create($"policy '{stored.Name}'"));
        var updated = changed with { IsFailback = false, ConfigurationServerId = stored.ConfigurationServerId, PairedPolicyId = stored.PairedPolicyId };
        updated.Validate();
        Database.SavePolicy(updated);
        return updated;
    }

    public ReplicationPolicy Policy(string id) => Database.FindPolicy(id)
        ?? throw new AsrException(ErrorCatalog.PolicyNotFound.Create($"'{id}' on configuration server {Name}"));

    /// <summary>The failback policy that goes with forward policy <paramref name="forwardPolicyId"/> (RP-5).</summary>
    public ReplicationPolicy FailbackPolicyFor(string forwardPolicyId)
    {
        var forward = Policy(forwardPolicyId);
        return forward.IsFailback ? forward : Policy(forward.PairedPolicyId!);
    }

    /// <summary>Records a newly protected item and its disks.</summary>
    public ProtectedItemRecord AddProtectedItem(string name, string sourceMachineId, string machineKind, string policyId, IEnumerable<ItemDiskRecord> disks)
    {
        Policy(policyId);
        var item = new ProtectedItemRecord($"item-{Database.NextNumber("item")}", name, sourceMachineId, machineKind, "Protected", "OnPremises", policyId);
        Database.SaveItem(item);
        foreach (var disk in disks) Database.SaveDisk(disk with { ItemId = item.Id });
        return item;
    }

    /// <summary>
    /// The item to fail back, or the reason it cannot: without it in this database the configuration
    /// server cannot drive failback (PRE-6).
    /// </summary>
    public ProtectedItemRecord RequireForFailback(string itemId) => Database.FindItem(itemId)
        ?? throw new AsrException(ErrorCatalog.ItemNotInConfigurationDatabase.Create($"item '{itemId}' on configuration server {Name} ({IpAddress})"));

    /// <summary>False once the server is shut down or lost (its database closed): nothing reaches it any more.</summary>
    public bool IsRunning { get; private set; } = true;

    public void Dispose()
    {
        IsRunning = false;
        Database.Dispose();
    }

    private string Setting(string key) => Database.GetSetting(key)
        ?? throw new AsrException(ErrorCatalog.ConfigurationDatabaseIncomplete.Create($"'{Database.Path}' has no '{key}' setting"));
}
