namespace Failback.Engine.Replication;

internal enum PairState { NotStarted, InitialReplication, Replicating, Stopped }
