using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// An ESXi host: version and licence edition, connection state, the datastores it mounts, its networks
/// and VMs. Every host answers on its own address as a host agent; a vCenter may also manage it.
/// </summary>
public sealed class HostSystem(string name, string ipAddress) : ManagedEntity(ManagedObjectTypes.HostSystem, name)
{
    public string IpAddress { get; } = ipAddress;
    public required string Version { get; init; }
    public required string Build { get; init; }
    public LicenseEdition Edition { get; internal set; } = LicenseEdition.Evaluation;
    public HostSystemConnectionState ConnectionState { get; internal set; } = HostSystemConnectionState.Connected;
    public int CpuCores { get; init; } = 16;
    public long MemoryBytes { get; init; } = 128L << 30;
    public required string RootPassword { get; init; }

    /// <summary>The host's own agent (hostd), reachable at <see cref="ManagedEntity.Name"/> and <see cref="IpAddress"/>.</summary>
    public ServiceInstance Agent { get; internal set; } = null!;
    /// <summary>The vCenter datacenter that manages the host; null for a standalone host.</summary>
    public Datacenter? Datacenter { get; internal set; }
    public ClusterComputeResource? Cluster { get; internal set; }
    public List<Datastore> Datastores { get; } = [];
    public List<Network> Networks { get; } = [];
    public List<VirtualMachine> Vms { get; } = [];

    public bool IsConnected => ConnectionState == HostSystemConnectionState.Connected;

    /// <summary>
    /// Memory reserved by the powered-on VMs. ESXi overcommits configured memory; it admits a power-on only while the
    /// reservations fit the host (InsufficientResourcesFault otherwise, which ASR reports as 8038).
    /// </summary>
    public long ReservedMemoryBytes => Vms.Where(v => v.PowerState == VirtualMachinePowerState.PoweredOn).Sum(v => (long)v.MemoryReservationMB << 20);
}
