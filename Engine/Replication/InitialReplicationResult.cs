namespace Failback.Engine.Replication;

/// <summary>What initial replication sent for one disk.</summary>
public sealed record InitialReplicationResult(string DiskId, InitialReplicationMode Mode, long BlocksCompared, long BlocksSent, long BytesSent, long HashBytes);
