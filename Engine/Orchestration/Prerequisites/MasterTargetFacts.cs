using Failback.Engine.Ports.VSphere;

namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// The on-premises master target named for failback and its ESXi host, with everything the seed
/// checks: a VM on ESXi (PRE-1), host discovered (LOC-6) and licensed (TS-4), datastores its host
/// reaches (LOC-5, LOC-6, RP-7) and their types (RP-10), disk.EnableUUID (PRE-7), Storage vMotion (PRE-8),
/// volumes (PRE-9, RP-4), OS and packages (MT-2, MT-4, MT-5), registration (MT-3), attached disks (MT-1), the names of
/// the VMs on its host (78052), and what the current documentation adds: snapshots (MT-6), the SCSI controller (MT-7)
/// and VMware Tools (MT-8).
/// </summary>
public sealed record MasterTargetFacts
{
    /// <summary>The master target as users name it (its VM's name), for messages.</summary>
    public required string Name { get; init; }
    public required string HostName { get; init; }
    public bool OnEsxiHost { get; init; } = true;
    public bool HostDiscovered { get; init; } = true;
    public HostLicence HostLicence { get; init; } = HostLicence.Paid;
    public IReadOnlySet<string> ReachableDatastores { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>The reachable datastores' types as vSphere reports them: RP-10 refuses the NFS ones.</summary>
    public IReadOnlyDictionary<string, DatastoreType> DatastoreTypes { get; init; } = new Dictionary<string, DatastoreType>(StringComparer.Ordinal);
    /// <summary>The VMX parameter's value in effect: one set while the VM runs takes effect at its next power-on.</summary>
    public string? DiskEnableUuid { get; init; } = "True";
    /// <summary>The value in the VM's configuration (<c>config.extraConfig</c>), null when the row is missing.</summary>
    public string? DiskEnableUuidConfigured { get; init; } = "True";
    public bool StorageVMotioned { get; init; }
    public IReadOnlyList<VolumeFacts> Volumes { get; init; } = [];
    public bool IsLinux { get; init; }
    public string OsName { get; init; } = "Windows Server 2012 R2";
    public IReadOnlySet<string> Packages { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    public bool CustomChangesApplied { get; init; } = true;
    public bool RegisteredWithConfigurationServer { get; init; } = true;
    public int AttachedDisks { get; init; }
    public bool HasSnapshots { get; init; }
    /// <summary>The SCSI controller of its disks: LSI Logic, never Paravirtual (MT-7).</summary>
    public bool ParavirtualController { get; init; }
    public bool ToolsRunning { get; init; } = true;
    public IReadOnlySet<string> VmNamesOnHost { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
