namespace Failback.Engine.Components;

/// <summary>A server registered with the configuration server.</summary>
public sealed record RegisteredServer(string Id, ServerRole Role, string Name, string IpAddress, string Location, DateTimeOffset RegisteredAt, DateTimeOffset? LastHeartbeat);
