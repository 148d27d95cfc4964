namespace Failback.Engine.Ports.VSphere;

/// <summary>An ESXi host as the server shows it.</summary>
public sealed record HostSystemInfo
{
    public required ManagedObjectReference MoRef { get; init; }
    public required string Name { get; init; }
    public required string IpAddress { get; init; }
    /// <summary>ESXi product version, e.g. "6.7.0".</summary>
    public required string Version { get; init; }
    public required string Build { get; init; }
    public required LicenseEdition LicenseEdition { get; init; }
    public required HostSystemConnectionState ConnectionState { get; init; }
    public bool InMaintenanceMode { get; init; }
    public ManagedObjectReference? Datacenter { get; init; }
    public ManagedObjectReference? Cluster { get; init; }
    /// <summary>True when a vCenter manages the host; false for a standalone ESXi host.</summary>
    public required bool ManagedByVCenter { get; init; }
    public string? ManagingServer { get; init; }
    public required int CpuCores { get; init; }
    public required long MemoryBytes { get; init; }
    /// <summary>The datastores mounted on the host that the session may see.</summary>
    public required IReadOnlyList<ManagedObjectReference> Datastores { get; init; }
    public required IReadOnlyList<ManagedObjectReference> Networks { get; init; }
    public required IReadOnlyList<ManagedObjectReference> Vms { get; init; }
}
