namespace Failback.Engine.Ports.VSphere;

public sealed record NetworkInfo(ManagedObjectReference MoRef, string Name, IReadOnlyList<ManagedObjectReference> Hosts);
