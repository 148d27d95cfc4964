namespace Failback.Engine.Components;

/// <summary>A job (ASR's JobProperties): state, description, times and the error that ended it.</summary>
public sealed record JobRecord(string Id, string Name, string? ItemId, string State, string? StateDescription,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ErrorCode, string? ErrorMessage);
