namespace Failback.Engine.Replication;

public enum InitialReplicationMode { FullCopy, DeltaResync }
