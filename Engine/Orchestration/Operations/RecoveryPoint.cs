namespace Failback.Engine.Orchestration.Operations;

/// <summary>One recovery point of a protected item as the replication journal lists it.</summary>
public sealed record RecoveryPoint(string Id, DateTimeOffset Time, bool AppConsistent);
