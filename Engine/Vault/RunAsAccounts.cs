using Failback.Engine.Orchestration.Errors;

namespace Failback.Engine.Vault;

/// <summary>
/// The configuration server's run-as accounts: each one's user and password (kept here only), and which
/// discovered servers (vCenters, ESXi hosts) it logs in to, so updating an account re-logs those servers.
/// </summary>
internal sealed class RunAsAccounts
{
    private readonly List<RunAsAccount> _accounts = [];
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _servers = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<RunAsAccount> All => _accounts;

    public RunAsAccount Add(string accountName, string userName, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (_accounts.Any(a => a.AccountName.Equals(accountName, StringComparison.OrdinalIgnoreCase)))
            throw new AsrException(ErrorCatalog.RunAsAccountExists.Create($"the configuration server already has an account named '{accountName}'"));
        var account = new RunAsAccount($"{_accounts.Count + 1}", accountName, userName); // ASR's account ids are small numbers
        _accounts.Add(account);
        _passwords[account.AccountId] = password;
        return account;
    }

    /// <summary>The account with that id (or, as users also name it, that name); refused with FB7012 when there is none.</summary>
    public RunAsAccount Find(string accountIdOrName) =>
        _accounts.FirstOrDefault(a => a.AccountId == accountIdOrName)
        ?? _accounts.FirstOrDefault(a => a.AccountName.Equals(accountIdOrName, StringComparison.OrdinalIgnoreCase))
        ?? throw new AsrException(ErrorCatalog.RunAsAccountNotFound.Create(
            $"the configuration server has no run-as account '{accountIdOrName}'; accounts: {(_accounts.Count == 0 ? "none" : string.Join(", ", _accounts.Select(a => $"{a.AccountId} ({a.AccountName})")))}"));

    public RunAsAccount Update(string accountId, string userName, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(password);
        var account = Find(accountId);
        var updated = account with { UserName = userName };
        _accounts[_accounts.IndexOf(account)] = updated;
        _passwords[account.AccountId] = password;
        return updated;
    }

    public string Password(RunAsAccount account) => _passwords[account.AccountId];

    /// <summary>Records that <paramref name="server"/> is discovered with <paramref name="account"/> (null: with credentials of no account).</summary>
    public void Use(string server, RunAsAccount? account)
    {
        if (account is null) _servers.Remove(server);
        else _servers[server] = account.AccountId;
    }

    public string? AccountOf(string server) => _servers.GetValueOrDefault(server);

    public IReadOnlyList<string> ServersOf(RunAsAccount account) => [.. _servers.Where(s => s.Value == account.AccountId).Select(s => s.Key).Order(StringComparer.OrdinalIgnoreCase)];
}
