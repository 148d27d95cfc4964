namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>The subscription itself (GET /subscriptions/{id}): where the VMs were recovered and the process server must be (PS-3).</summary>
public sealed record Subscription : ArmResource
{
    public string DisplayName { get; init; } = "";
    /// <summary>Enabled, Warned, PastDue, Disabled or Deleted.</summary>
    public string State { get; init; } = "Enabled";
}
