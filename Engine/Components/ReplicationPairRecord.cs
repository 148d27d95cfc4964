namespace Failback.Engine.Components;

/// <summary>
/// One replication pair: a protected item replicating in one direction through a process server
/// (and a master target when the target is on-premises), with how far the target has applied.
/// </summary>
public sealed record ReplicationPairRecord(string Id, string ItemId, string Direction, string ProcessServerId, string? MasterTargetId,
    string JournalPath, string State, long AppliedSequence, DateTimeOffset UpdatedAt);
