namespace Failback.Engine.Components;

public enum ServerRole { ConfigurationServer, ProcessServer, MasterTarget }

/// <summary>A server registered with the configuration server.</summary>
public sealed record RegisteredServer(string Id, ServerRole Role, string Name, string IpAddress, string Location, DateTimeOffset RegisteredAt, DateTimeOffset? LastHeartbeat);

/// <summary>A protected item as the configuration server's database holds it.</summary>
public sealed record ProtectedItemRecord(string Id, string Name, string SourceMachineId, string MachineKind, string ProtectionState, string ActiveLocation, string PolicyId);

/// <summary>One disk of a protected item; <see cref="Target"/> names its replica (page blob or VMDK).</summary>
public sealed record ItemDiskRecord(string ItemId, string DiskId, long CapacityBytes, string? Target);

/// <summary>
/// One replication pair: a protected item replicating in one direction through a process server
/// (and a master target when the target is on-premises), with how far the target has applied.
/// </summary>
public sealed record ReplicationPairRecord(string Id, string ItemId, string Direction, string ProcessServerId, string? MasterTargetId,
    string JournalPath, string State, long AppliedSequence, DateTimeOffset UpdatedAt);

/// <summary>A job (ASR's JobProperties): state, description, times and the error that ended it.</summary>
public sealed record JobRecord(string Id, string Name, string? ItemId, string State, string? StateDescription,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ErrorCode, string? ErrorMessage);
