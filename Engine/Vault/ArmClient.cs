using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Engine.Vault;

/// <summary>
/// The vault's ARM client: the port plus the (virtual) clock its throttling retries and long-running
/// operations wait in, so callers pass neither.
/// </summary>
internal sealed class ArmClient(IArm arm, TimeProvider time)
{
    public IArm Arm { get; } = arm ?? throw new ArgumentNullException(nameof(arm));
    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    public Task<T> GetAsync<T>(ResourceId id, CancellationToken cancellationToken) where T : ArmResource =>
        Arm.GetAsync<T>(id, Time, cancellationToken);

    public Task<T> CreateOrUpdateAsync<T>(ResourceId id, T body, CancellationToken cancellationToken) where T : ArmResource =>
        Arm.CreateOrUpdateAsync(id, body, Time, cancellationToken);

    public Task DeleteAsync(ResourceId id, CancellationToken cancellationToken) => Arm.DeleteAsync(id, Time, cancellationToken);

    public Task<ArmOperation> ActionAsync(ResourceId id, string action, IReadOnlyDictionary<string, string>? parameters = null,
        CancellationToken cancellationToken = default) =>
        Arm.ActionAsync(id, action, Time, parameters, cancellationToken);

    public Task<IReadOnlyList<ArmResource>> ListAsync(ResourceId scope, string resourceType, CancellationToken cancellationToken) =>
        Arm.ListAsync(scope, resourceType, cancellationToken);

    public Task<IReadOnlyList<MarketplaceImage>> ListMarketplaceImagesAsync(string location, CancellationToken cancellationToken) =>
        Arm.ListMarketplaceImagesAsync(location, cancellationToken);

    /// <summary>A running VM's disk as its guest sees it; <paramref name="lun"/> null is the OS disk.</summary>
    public IBlockDevice OpenGuestDisk(ResourceId virtualMachineId, int? lun) => Arm.OpenGuestDisk(virtualMachineId, lun);
}
