using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Generator;

/// <summary>
/// Counts an inventory is generated from, in the manner of vcsim's model: how many of each object,
/// and the guest OS mix as weights by vSphere guest id.
/// </summary>
public sealed record InventorySpec
{
    public int VCenters { get; init; } = 1;
    public int DatacentersPerVCenter { get; init; } = 1;
    public int ClustersPerDatacenter { get; init; } = 1;
    public int HostsPerCluster { get; init; } = 3;
    /// <summary>ESXi hosts that no vCenter manages (LOC-6), each with a local datastore.</summary>
    public int StandaloneHosts { get; init; }
    /// <summary>Shared datastores per cluster, mounted on all its hosts.</summary>
    public int DatastoresPerCluster { get; init; } = 2;
    public long DatastoreCapacity { get; init; } = 16L << 40;
    public IReadOnlyList<DatastoreType> DatastoreTypes { get; init; } = [DatastoreType.Vmfs, DatastoreType.Vmfs, DatastoreType.Nfs, DatastoreType.Vsan];
    public int Vms { get; init; } = 10;
    public int DisksPerVm { get; init; } = 1;
    public long DiskCapacity { get; init; } = 100L << 30;
    public bool ThinDisks { get; init; } = true;
    public IReadOnlyDictionary<string, int> GuestOsMix { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["windows7Server64Guest"] = 2,
        ["windows8Server64Guest"] = 3,
        ["windows9Server64Guest"] = 3,
        ["centos6_64Guest"] = 2,
        ["centos7_64Guest"] = 3,
        ["ubuntu64Guest"] = 2,
    };
    public int PhysicalServers { get; init; }
    public long PhysicalDiskCapacity { get; init; } = 64L << 30;
    /// <summary>Password of administrator@vsphere.local on every vCenter and of root on every host.</summary>
    public string Password { get; init; } = "VMware1!";

    internal void Validate()
    {
        if (VCenters < 0 || DatacentersPerVCenter < 0 || ClustersPerDatacenter < 0 || HostsPerCluster < 0 || StandaloneHosts < 0
            || DatastoresPerCluster < 0 || Vms < 0 || DisksPerVm < 0 || PhysicalServers < 0)
            throw new ArgumentException("Inventory counts cannot be negative.");
        if (Vms > 0 && VCenters * DatacentersPerVCenter * ClustersPerDatacenter * HostsPerCluster + StandaloneHosts == 0)
            throw new ArgumentException($"{Vms} VMs need at least one host; give HostsPerCluster or StandaloneHosts.");
        if (VCenters * DatacentersPerVCenter * ClustersPerDatacenter > 0 && HostsPerCluster > 0 && DatastoresPerCluster == 0 && Vms > 0)
            throw new ArgumentException("Clusters with VMs need at least one datastore; give DatastoresPerCluster.");
        if (GuestOsMix.Count == 0 || GuestOsMix.Values.Any(w => w < 0) || GuestOsMix.Values.Sum() == 0)
            throw new ArgumentException("The guest OS mix needs at least one guest id with a positive weight.");
        if (DiskCapacity <= 0 || DiskCapacity % 512 != 0) throw new ArgumentException($"Disk capacity {DiskCapacity} must be a positive multiple of 512.");
    }
}
