namespace Failback.Engine.Ports.VSphere;

/// <summary>One changed object and the properties that changed (e.g. <c>runtime.powerState</c>).</summary>
public sealed record ObjectUpdate(ManagedObjectReference Object, ObjectUpdateKind Kind, IReadOnlyList<string> ChangedProperties);
