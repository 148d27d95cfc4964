namespace Failback.Engine.Replication;

/// <summary>Change ids of the source and target disks taken when both held the same data.</summary>
internal sealed record ResyncBaseline(string SourceChangeId, string TargetChangeId);
