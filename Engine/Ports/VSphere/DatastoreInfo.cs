namespace Failback.Engine.Ports.VSphere;

/// <summary>A datastore's file system type as vSphere reports it (<c>summary.type</c>: VMFS, NFS for NFS 3, NFS41 for NFS 4.1, vsan).</summary>
public enum DatastoreType { Vmfs, Nfs, Vsan, Nfs41 }

/// <summary>A datastore: where VM files live, which hosts mount it, and how full it is.</summary>
public sealed record DatastoreInfo
{
    public required ManagedObjectReference MoRef { get; init; }
    public required string Name { get; init; }
    public required DatastoreType Type { get; init; }
    /// <summary>The datastore's URL, e.g. <c>ds:///vmfs/volumes/5f1c.../</c>.</summary>
    public required string Url { get; init; }
    public required long Capacity { get; init; }
    public required long FreeSpace { get; init; }
    /// <summary>False when all paths to the datastore are down.</summary>
    public required bool Accessible { get; init; }
    /// <summary>The hosts (of this server's inventory) that mount the datastore.</summary>
    public required IReadOnlyList<ManagedObjectReference> Hosts { get; init; }
}
