using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Simulators.Azure.Core;

/// <summary>What a PUT does: the resource as stored while it runs, and what its success or failure changes then.</summary>
internal sealed record PutPlan(ArmResource Resource, Action? OnSucceeded = null, Action? OnFailed = null);
