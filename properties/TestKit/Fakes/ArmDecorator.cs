using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;

namespace Failback.TestKit.Fakes;

/// <summary>Forwards every ARM call to <paramref name="inner"/>; a planted variant overrides the one call it changes.</summary>
public class ArmDecorator(IArm inner) : IArm
{
    public virtual Task<ArmResource> GetAsync(ResourceId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
    public virtual Task<IReadOnlyList<ArmResource>> ListAsync(ResourceId scope, string resourceType, CancellationToken cancellationToken = default) => inner.ListAsync(scope, resourceType, cancellationToken);
    public virtual Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default) => inner.BeginCreateOrUpdateAsync(id, body, cancellationToken);
    public virtual Task<ArmOperation> BeginDeleteAsync(ResourceId id, CancellationToken cancellationToken = default) => inner.BeginDeleteAsync(id, cancellationToken);
    public virtual Task<ArmOperation> BeginActionAsync(ResourceId id, string action, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default) =>
        inner.BeginActionAsync(id, action, parameters, cancellationToken);
    public virtual Task<ArmOperation> GetOperationAsync(string operationId, CancellationToken cancellationToken = default) => inner.GetOperationAsync(operationId, cancellationToken);
    public virtual Task<IReadOnlyList<MarketplaceImage>> ListMarketplaceImagesAsync(string location, CancellationToken cancellationToken = default) => inner.ListMarketplaceImagesAsync(location, cancellationToken);
    public virtual IBlockDevice OpenGuestDisk(ResourceId virtualMachineId, int? lun) => inner.OpenGuestDisk(virtualMachineId, lun);
}
