namespace Failback.Engine.Replication;

/// <summary>ASR's replicationHealth values.</summary>
public enum ReplicationHealth { Normal, Warning, Critical }
