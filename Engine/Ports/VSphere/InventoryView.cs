namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// The inventory of one server as one account sees it (a PropertyCollector retrieval from the root
/// folder). Objects the account may not see are absent: a read-only account lists no datastore (TS-1).
/// <see cref="Version"/> is the change-feed version the view is current at.
/// </summary>
public sealed record InventoryView
{
    public required AboutInfo About { get; init; }
    public required string Version { get; init; }
    public required IReadOnlyList<DatacenterInfo> Datacenters { get; init; }
    public required IReadOnlyList<ClusterInfo> Clusters { get; init; }
    public required IReadOnlyList<HostSystemInfo> Hosts { get; init; }
    public required IReadOnlyList<DatastoreInfo> Datastores { get; init; }
    public required IReadOnlyList<NetworkInfo> Networks { get; init; }
    public required IReadOnlyList<VirtualMachineInfo> Vms { get; init; }
}
