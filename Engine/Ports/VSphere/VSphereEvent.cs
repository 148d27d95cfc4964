namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// One entry of the server's event log, typed as vSphere types events (<c>VmPoweredOnEvent</c>,
/// <c>TaskEvent</c>, ...). <see cref="ChainId"/> ties the events of one task together.
/// </summary>
public sealed record VSphereEvent(
    long Key,
    long ChainId,
    string EventTypeId,
    DateTimeOffset CreatedTime,
    string UserName,
    ManagedObjectReference? Entity,
    string? EntityName,
    string FullFormattedMessage);

/// <summary>Which events a query returns (EventFilterSpec): newer than a key, about an entity, of some types.</summary>
public sealed record EventFilterSpec
{
    /// <summary>Only events with a greater key.</summary>
    public long AfterKey { get; init; }
    public ManagedObjectReference? Entity { get; init; }
    public IReadOnlyList<string>? EventTypeIds { get; init; }
}
