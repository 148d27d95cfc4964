namespace Failback.Engine.Components;

/// <summary>Health of a process server as the portal shows it; the overall health is the worst alert.</summary>
public enum ServerHealth { Healthy, Warning, Critical }

/// <summary>One raised process-server alert, in ASR's monitoring terms.</summary>
public sealed record HealthAlert(ServerHealth Severity, string Condition, string Message);

public sealed record ProcessServerHealthReport(ServerHealth Health, IReadOnlyList<HealthAlert> Alerts);
