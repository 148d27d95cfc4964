namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>ARM's provisioningState of a resource.</summary>
public enum ProvisioningState { Creating, Updating, Succeeded, Failed, Deleting }

/// <summary>
/// What every ARM resource has. A PUT body is the resource itself: ARM ignores its read-only
/// properties (<see cref="Id"/>, <see cref="ProvisioningState"/> and those marked read-only).
/// </summary>
public abstract record ArmResource
{
    /// <summary>Read-only: set by ARM from the request's URL.</summary>
    public ResourceId? Id { get; init; }
    public string Location { get; init; } = "";
    /// <summary>Read-only.</summary>
    public ProvisioningState ProvisioningState { get; init; }

    public string Name => Id?.Name ?? "";
    public DeploymentModel DeploymentModel => Id?.DeploymentModel ?? DeploymentModel.ResourceManager;
}
