using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// A datastore is a folder on the machine running the simulation; VM files are real image files in it.
/// Space is enforced: thick disks reserve their capacity, thin disks and snapshot deltas count what
/// they have allocated.
/// </summary>
public sealed class Datastore(string name, string directory) : ManagedEntity(ManagedObjectTypes.Datastore, name)
{
    public required DatastoreType DatastoreType { get; init; }
    public required long Capacity { get; init; }
    public required Guid Uuid { get; init; }
    /// <summary>The folder that holds the datastore's files.</summary>
    public string Directory { get; } = directory;
    public bool Accessible { get; internal set; } = true;
    public HashSet<HostSystem> Hosts { get; } = [];
    /// <summary>The disks whose files are here.</summary>
    internal List<VirtualDisk> Disks { get; } = [];

    public string Url => DatastoreType switch
    {
        DatastoreType.Nfs or DatastoreType.Nfs41 => $"ds:///vmfs/volumes/{Uuid.ToString("N")[..8]}-{Uuid.ToString("N")[8..16]}/",
        DatastoreType.Vsan => $"ds:///vmfs/volumes/vsan:{Uuid:N}/",
        _ => $"ds:///vmfs/volumes/{Uuid:N}/",
    };

    public long Used => Disks.Sum(d => d.SpaceUsed);
    public long FreeSpace => Math.Max(0, Capacity - Used);

    /// <summary>The local path of a file given relative to the datastore's root.</summary>
    public string LocalPath(string relative) => Path.Combine(Directory, relative);
}
