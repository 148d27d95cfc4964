namespace Failback.Engine.Ports.VSphere;

/// <summary>How an object changed, in PropertyCollector's words.</summary>
public enum ObjectUpdateKind { Enter, Modify, Leave }

/// <summary>One changed object and the properties that changed (e.g. <c>runtime.powerState</c>).</summary>
public sealed record ObjectUpdate(ManagedObjectReference Object, ObjectUpdateKind Kind, IReadOnlyList<string> ChangedProperties);

/// <summary>
/// What changed since a version, as PropertyCollector's WaitForUpdatesEx answers: pass
/// <see cref="Version"/> to the next call to get only later changes.
/// </summary>
public sealed record UpdateSet(string Version, IReadOnlyList<ObjectUpdate> Updates);
