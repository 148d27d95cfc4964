namespace Failback.Engine.Vault;

/// <summary>
/// A run-as account of the configuration server as ASR shows it (FabricSpecificDetails.runAsAccounts: accountId,
/// accountName) with the user it logs in as. Its password never leaves the configuration server: it is not part of
/// this record; inputs name the account by <see cref="AccountId"/>.
/// </summary>
public sealed record RunAsAccount(string AccountId, string AccountName, string UserName);
