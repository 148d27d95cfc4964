namespace Failback.Engine.Ports.VSphere;

/// <summary>One node of the VM's snapshot tree (<c>snapshot.rootSnapshotList</c>).</summary>
public sealed record SnapshotTreeInfo(ManagedObjectReference Snapshot, int Id, string Name, string Description, DateTimeOffset CreateTime, bool Quiesced, IReadOnlyList<SnapshotTreeInfo> Children);
