namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>The on-premises VM that failback returns to, when it still exists (LOC-1), and the licence of its host (TS-4).</summary>
public sealed record OriginalVmFacts(string Name, string Datastore, bool ManagedByVCenter, bool HasSnapshots, string HostName = "", HostLicence HostLicence = HostLicence.Paid);
