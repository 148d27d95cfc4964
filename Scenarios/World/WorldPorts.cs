using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;

namespace Failback.Scenarios.World;

/// <summary>
/// The ports the engine of a world is built on, each as a function of the simulator's own: return it to keep it,
/// a decorator around it to change some answers ("the second PUT of a VM fails with QuotaExceeded"), or your own
/// implementation or an NSubstitute substitute to replace it. The simulators stay the world's ground truth: the
/// harness itself (steps, expectations, invariants) reads them directly; only the engine sees what these return.
/// </summary>
public sealed record WorldPorts
{
    /// <summary>The simulators' ports, unchanged.</summary>
    public static WorldPorts Simulated { get; } = new();

    /// <summary>Logins to the on-premises vCenters and ESXi hosts, and through the sessions they return, the vSphere API.</summary>
    public Func<IVSphereConnector, IVSphereConnector> VSphere { get; init; } = port => port;
    /// <summary>Azure Resource Manager (resources, long-running operations, a running VM's disks).</summary>
    public Func<IArm, IArm> Arm { get; init; } = port => port;
    /// <summary>The page blobs the replicas to Azure are written to.</summary>
    public Func<IBlobStorage, IBlobStorage> Blobs { get; init; } = port => port;
    /// <summary>Reachability and transfers between the site and Azure.</summary>
    public Func<INetwork, INetwork> Network { get; init; } = port => port;
    /// <summary>Discovery of physical servers and their disks (the mobility agent's push install).</summary>
    public Func<IPhysicalServerDiscovery, IPhysicalServerDiscovery> PhysicalServers { get; init; } = port => port;
}
