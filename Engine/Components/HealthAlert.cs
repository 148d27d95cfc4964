namespace Failback.Engine.Components;

/// <summary>One raised process-server alert, in ASR's monitoring terms.</summary>
public sealed record HealthAlert(ServerHealth Severity, string Condition, string Message);
