using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Engine.Ports.Arm;

/// <summary>
/// Azure Resource Manager as the engine sees it: GET, PUT, DELETE and POST actions on resource IDs.
/// Writes are long-running operations (201/202 plus an operation to poll) that complete in virtual
/// time. Refusals raise <see cref="ArmException"/> with ARM's code, message and target (400, 404,
/// 409, 429 with Retry-After); a refused request changes nothing.
/// </summary>
public interface IArm
{
    Task<ArmResource> GetAsync(ResourceId id, CancellationToken cancellationToken = default);

    /// <summary>The resources of <paramref name="resourceType"/> (e.g. <c>Microsoft.Compute/virtualMachines</c>) in a subscription or resource group.</summary>
    Task<IReadOnlyList<ArmResource>> ListAsync(ResourceId scope, string resourceType, CancellationToken cancellationToken = default);

    /// <summary>PUT: creates or updates the resource at <paramref name="id"/> from <paramref name="body"/>.</summary>
    Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default);

    Task<ArmOperation> BeginDeleteAsync(ResourceId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST an action: VMs take start, powerOff, deallocate, restart; disks take beginGetAccess
    /// (parameters <c>access</c> = Read or Write and <c>durationInSeconds</c>, how long the SAS works; the SAS URI is the
    /// operation's output) and endGetAccess.
    /// </summary>
    Task<ArmOperation> BeginActionAsync(ResourceId id, string action, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>The current status of an operation this ARM accepted.</summary>
    Task<ArmOperation> GetOperationAsync(string operationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MarketplaceImage>> ListMarketplaceImagesAsync(string location, CancellationToken cancellationToken = default);

    /// <summary>
    /// A disk as the guest of a running VM sees it (what an agent inside the VM reads and writes);
    /// <paramref name="lun"/> null is the OS disk.
    /// </summary>
    IBlockDevice OpenGuestDisk(ResourceId virtualMachineId, int? lun);
}
