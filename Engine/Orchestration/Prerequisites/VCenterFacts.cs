namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The vCenter failback goes to: discovered by the configuration server (TS-6); the account can
/// discover VMs (PRE-3) and list datastores, which a read-only account cannot (TS-1).
/// </summary>
public sealed record VCenterFacts(string Name, bool Discovered, bool CanDiscoverVms, bool CanListDatastores);
