namespace Failback.Engine.Ports.VSphere;

public sealed record ClusterInfo(ManagedObjectReference MoRef, string Name, ManagedObjectReference Datacenter, IReadOnlyList<ManagedObjectReference> Hosts);
