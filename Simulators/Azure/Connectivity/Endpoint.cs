namespace Failback.Simulators.Azure.Connectivity;

internal enum EndpointKind { Site, VirtualNetwork, Public }

/// <summary>Where a host sits: in a site, in a virtual network (by its ID), or behind a public Azure endpoint.</summary>
internal sealed record Endpoint(string Host, string Address, EndpointKind Kind, string Place, string? Down = null);
