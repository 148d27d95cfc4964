using Failback.Engine.Ports.Arm.Resources;
using Failback.Scenarios.World;

namespace Failback.Lab.Arm.Azure;

/// <summary>
/// The lab's simulated Azure as ARM serves a resource group of it: the resources of one type in the request's
/// subscription and group, read on the lab's thread. A subscription or group the lab's Azure does not have is ARM's 404.
/// </summary>
internal sealed class AzureResources(DrillWorld world, string subscription, string resourceGroup)
{
    public static AzureResources Of(DrillWorld world, string subscription, string resourceGroup)
    {
        var azure = world.Azure ?? throw new ArmException(404, "SubscriptionNotFound", $"The subscription '{subscription}' could not be found: the lab has no Azure side.");
        if (!string.Equals(subscription, azure.Subscription, StringComparison.OrdinalIgnoreCase))
            throw new ArmException(404, "SubscriptionNotFound", $"The subscription '{subscription}' could not be found; the lab's Azure is subscription '{azure.Subscription}'.");
        if (!azure.Cloud.Resources.OfType<ResourceGroup>().Any(g => string.Equals(g.Name, resourceGroup, StringComparison.OrdinalIgnoreCase)))
            throw new ArmException(404, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.");
        return new AzureResources(world, subscription, resourceGroup);
    }

    /// <summary>The group's resources of <typeparamref name="T"/> under <paramref name="type"/> (e.g. Microsoft.Compute/virtualMachines), in the cloud's order.</summary>
    public IReadOnlyList<T> All<T>(string type) where T : ArmResource =>
        [.. world.Azure!.Cloud.Resources.OfType<T>().Where(r => r.Id is { } id
            && string.Equals(id.ResourceType, type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(id.SubscriptionId, subscription, StringComparison.OrdinalIgnoreCase)
            && string.Equals(id.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase))];

    public T One<T>(string type, string name) where T : ArmResource =>
        All<T>(type).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArmException(404, "ResourceNotFound", $"The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found.");

    /// <summary>A managed disk of the cloud by id (a VM's disk may be in another group), or null.</summary>
    public ManagedDisk? Disk(Engine.Ports.Arm.ResourceId? id) => id is null ? null : world.Azure!.Cloud.Resources.OfType<ManagedDisk>().FirstOrDefault(d => d.Id == id);
}
