namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>Microsoft.Resources/resourceGroups: a PUT completes at once (200/201); a DELETE removes everything in it.</summary>
public sealed record ResourceGroup : ArmResource;
