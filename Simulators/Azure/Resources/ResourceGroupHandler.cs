using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Resources;

/// <summary>Resource groups: a PUT completes at once; the group keeps the location it was created in.</summary>
internal sealed class ResourceGroupHandler(AzureCloud cloud)
{
    public PutPlan Put(ResourceId id, ArmResource body, ArmResource? existing)
    {
        if (body is not ResourceGroup group)
            throw ArmErrors.Invalid(id.ToString(), $"A PUT to a resource group takes a ResourceGroup body, not a {body.GetType().Name}.", "InvalidRequestContent");
        var name = id.ResourceGroup!;
        if (name.Length > 90 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '(' or ')') || name.EndsWith('.'))
            throw ArmErrors.Invalid(id.ToString(), $"The resource group name '{name}' must be 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.", "InvalidResourceGroupName");
        cloud.CheckLocation(id, group.Location);
        if (existing is not null && !existing.Location.Equals(group.Location, StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.Conflict("location", $"Resource group '{name}' is in '{existing.Location}' and cannot move to '{group.Location}'.", "InvalidResourceGroupLocation");
        return new PutPlan(group with { Location = group.Location.ToLowerInvariant() });
    }
}
