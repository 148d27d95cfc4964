using Failback.Engine.Components;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Engine.Vault;

/// <summary>
/// The configuration server as the vault keeps it, and the only writer of its database: item records and
/// their state, replication pairs, policies, jobs and server registrations; its loss, and its restore from a
/// backup, after which the database is brought back in line with what the vault holds (PRE-6).
/// </summary>
internal sealed class VaultConfiguration : IDisposable
{
    private readonly VaultSettings _settings;
    private readonly TimeProvider _time;
    private readonly VaultRegistry _registry;
    private readonly ConfigurationJobStore _jobs;
    private ConfigurationServer? _server;
    private bool _servicesStopped;

    public VaultConfiguration(VaultSettings settings, TimeProvider time, VaultRegistry registry)
    {
        _settings = settings;
        _time = time;
        _registry = registry;
        _server = File.Exists(settings.ConfigurationDatabasePath)
            ? ConfigurationServer.Open(settings.ConfigurationDatabasePath, time)
            : ConfigurationServer.Create(settings.ConfigurationDatabasePath, settings.ConfigurationServerName, settings.ConfigurationServerIp, settings.Passphrase, settings.PassphraseSalt, time);
        _jobs = new ConfigurationJobStore(_server.Database);
    }

    /// <summary>The configuration server on-premises; while it is lost or its services are stopped, asking for it is refused with PRE-6's error.</summary>
    public ConfigurationServer Server => _server is null
        ? throw new AsrException(ErrorCatalog.ConfigurationServer.Create(
            $"configuration server {_settings.ConfigurationServerName} ({_settings.ConfigurationServerIp}) is lost; restore it from a backup with that IP address"))
        : _servicesStopped
            ? throw new AsrException(ErrorCatalog.ConfigurationServer.Create(
                $"configuration server {_settings.ConfigurationServerName} ({_settings.ConfigurationServerIp}) is down: its services stopped; start them"))
            : _server;

    /// <summary>Running: not lost, and its services up.</summary>
    public bool Running => _server is not null && !_servicesStopped;

    /// <summary>
    /// The server's services stop (a crash) or start again; its database stays. While they are stopped heartbeats fail and
    /// everything asking for the server is refused (PRE-6); the jobs and item records keep being written, as ASR's vault
    /// keeps them and the server syncs them when it is back.
    /// </summary>
    public void SetServicesRunning(bool running) => _servicesStopped = !running && _server is not null;

    /// <summary>The orchestrator's jobs, kept in the database (held while it is lost).</summary>
    public IJobStore Jobs => _jobs;

    /// <summary>Whether the item's machine is in the configuration server's database now (PRE-6).</summary>
    public bool Holds(VaultItem item) =>
        _server is { } cs && item.ConfigurationItemId is { } id && cs.Database.FindItem(id)?.SourceMachineId == item.Id;

    /// <summary>Registers a process server with the passphrase (PS-6); refused while the server is lost (PRE-6).</summary>
    public void Register(ProcessServer server, string passphrase) => server.Register(Server, passphrase);

    /// <summary>Registers a master target (MT-3); refused while the server is lost (PRE-6).</summary>
    public void Register(MasterTarget server) => server.Register(Server, _settings.Passphrase);

    /// <summary>One heartbeat of <paramref name="server"/>: false when the configuration server is lost, the services are down or port 443 is blocked (TS-5).</summary>
    public async Task<bool> HeartbeatAsync(ProcessServer server, CancellationToken cancellationToken) =>
        Running && server.ServicesRunning && await server.SendHeartbeatAsync(_server!, cancellationToken);

    /// <summary>Whether a heartbeat sent now would arrive, judged without sending it (a preflight's check).</summary>
    public bool HeartbeatWouldArrive(ProcessServer server) =>
        Running && server.ServicesRunning && server.HeartbeatLeaves(_server!) && _server!.IsRunning;

    public DateTimeOffset? LastHeartbeat(ProcessServer server) => _server is { } cs && server.Id is { } id ? cs.LastHeartbeat(id) : null;

    /// <summary>Records the item and its policy pair in the database (once), and returns the policy of this direction.</summary>
    public ReplicationPolicy RecordProtection(VaultItem item, ReplicationPolicy requested, ReplicationDirection direction)
    {
        var cs = Server;
        // Checked before the policy below is created: a refused reprotect leaves the database as it was.
        if (direction == ReplicationDirection.AzureToOnPremises && !Holds(item))
            throw new AsrException(ErrorCatalog.ConfigurationServer.Create($"'{item.Name}' is not in the configuration server's database"));
        var forwardName = direction == ReplicationDirection.AzureToOnPremises && requested.Name.EndsWith("-failback", StringComparison.Ordinal)
            ? requested.Name[..^"-failback".Length] : requested.Name;
        var forward = cs.Database.Policies().FirstOrDefault(p => p.Name == forwardName && !p.IsFailback)
            ?? cs.CreatePolicy(forwardName, requested.RpoThreshold, requested.RecoveryPointRetention, requested.AppConsistentFrequency).Forward;
        if (!Holds(item))
            item.ConfigurationItemId = cs.AddProtectedItem(item.Name, item.Id, item.Kind.ToString(), forward.Id,
                item.Disks.Select(d => new ItemDiskRecord("", d.DiskId, d.Capacity, d.AzureDisk?.ToString()))).Id;
        return direction == ReplicationDirection.AzureToOnPremises ? cs.FailbackPolicyFor(forward.Id) : forward;
    }

    public void SavePair(ReplicationPairRecord pair) => Server.Database.SavePair(pair);

    /// <summary>The item leaves the database; a lost server keeps it in its backup, and restoring that removes it.</summary>
    public void Forget(VaultItem item)
    {
        if (Holds(item)) _server!.Database.DeleteItem(item.ConfigurationItemId!);
        item.ConfigurationItemId = null;
    }

    /// <summary>Keeps the item's record as the item moves (state, active location); while the server is lost nothing is written.</summary>
    public void RecordState(ProtectedItem changed)
    {
        if (_server is not { } cs || _registry.FindItem(changed.Id) is not { ConfigurationItemId: { } id } item) return;
        if (cs.Database.FindItem(id) is { } record && record.SourceMachineId == item.Id)
            cs.Database.SaveItem(record with { ProtectionState = changed.State.ToString(), ActiveLocation = changed.ActiveLocation.ToString() });
    }

    public void Backup(string backupPath) => Server.Backup(backupPath);

    /// <summary>The server's VM and database are gone: jobs are held, and everything needing the server is refused (PRE-6).</summary>
    public void Lose()
    {
        var cs = _server ?? Server;
        _server = null;
        _servicesStopped = false;
        _jobs.Detach();
        cs.Dispose();
        File.Delete(_settings.ConfigurationDatabasePath);
    }

    /// <summary>
    /// Rebuilds the lost server from <paramref name="backupPath"/> with its IP address (another is refused and nothing
    /// is written), then reloads: see <see cref="Reload"/>.
    /// </summary>
    public void Restore(string backupPath, string ipAddress, Func<string, ProtectedItem> itemState)
    {
        if (_server is { } running)
            throw new InvalidOperationException($"Configuration server {running.Name} ({running.IpAddress}) is running; it is restored only after it was lost.");
        var cs = ConfigurationServer.Restore(backupPath, _settings.ConfigurationDatabasePath, ipAddress, _time);
        _server = cs;
        _jobs.Attach(cs.Database);
        Reload(cs, itemState);
    }

    /// <summary>
    /// Items are matched to their records by machine (one protected after the backup has none), records of machines
    /// no longer protected are removed, servers registered after the backup are dropped, and running pairs are written back.
    /// </summary>
    private void Reload(ConfigurationServer cs, Func<string, ProtectedItem> itemState)
    {
        _registry.KeepOnlyServers(cs.Database.Servers());
        var records = cs.Database.Items();
        foreach (var item in _registry.Items)
        {
            var state = itemState(item.Id);
            item.ConfigurationItemId = state.State == ProtectionState.Unprotected ? null : records.FirstOrDefault(r => r.SourceMachineId == item.Id)?.Id;
            if (item.ConfigurationItemId is not { } id) continue;
            cs.Database.SaveItem(records.Single(r => r.Id == id) with { ProtectionState = state.State.ToString(), ActiveLocation = state.ActiveLocation.ToString() });
            if (item.Leg is { Stopped: false, Record: { } pair } leg && cs.Database.FindPair(pair.Id) is null)
                cs.Database.SavePair(pair with { ItemId = id, AppliedSequence = leg.Pair.Target.AppliedSequence, UpdatedAt = _time.GetUtcNow() });
        }
        foreach (var record in records.Where(r => _registry.Items.All(i => i.ConfigurationItemId != r.Id)))
            cs.Database.DeleteItem(record.Id);
    }

    public void Dispose() => _server?.Dispose();
}
