namespace Failback.Engine.Replication;

/// <summary>What a recovery point guarantees: crash-consistent (every point) or app-consistent (tagged at the policy's frequency).</summary>
public enum ConsistencyType { CrashConsistent, AppConsistent }
