using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;

namespace Failback.Engine.Orchestration.Services;

/// <summary>The machines at both sites as the operations drive them (through the vSphere and ARM ports).</summary>
public interface ISiteMachines
{
    /// <summary>
    /// Before reprotect to on-premises: turns the original VM off (it stays off during reprotect), or,
    /// when it is gone or the source was a physical server, creates a new VM on the master target's ESXi
    /// host and the chosen datastore (LOC-2, LOC-7, LOC-8).
    /// </summary>
    Task PrepareOnPremisesTargetAsync(ProtectedItem item, ReprotectToOnPremisesInput input, CancellationToken cancellationToken);

    /// <summary>Shuts the machine down at <paramref name="site"/> (the Azure VM during failback, FO-3).</summary>
    Task ShutDownAsync(ProtectedItem item, Site site, CancellationToken cancellationToken);

    /// <summary>Starts the recovered machine at <paramref name="site"/> (8038 when an ESXi host lacks memory).</summary>
    Task StartAsync(ProtectedItem item, Site site, CancellationToken cancellationToken);

    /// <summary>
    /// A test failover's network interface: on <paramref name="networkId"/> (an Azure virtual network), or when null on the
    /// vault's isolated test network (made on first use: the recovery network's address space, no gateway, no route home).
    /// </summary>
    Task PrepareTestVmAsync(ProtectedItem item, string? networkId, CancellationToken cancellationToken);

    /// <summary>Creates and boots the test VM (named after the machine, with "-test") from the test disks.</summary>
    Task StartTestVmAsync(ProtectedItem item, CancellationToken cancellationToken);

    /// <summary>Test failover cleanup: deletes the test VM, its network interface and its disks; the replica is not touched.</summary>
    Task DeleteTestVmAsync(ProtectedItem item, CancellationToken cancellationToken);

    /// <summary>Deletes the recovered VM from Azure when failback is committed (CM-1).</summary>
    Task DeleteAzureVmAsync(ProtectedItem item, CancellationToken cancellationToken);
}
