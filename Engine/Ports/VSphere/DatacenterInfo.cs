namespace Failback.Engine.Ports.VSphere;

public sealed record DatacenterInfo(ManagedObjectReference MoRef, string Name);
