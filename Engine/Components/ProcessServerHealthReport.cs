namespace Failback.Engine.Components;

public sealed record ProcessServerHealthReport(ServerHealth Health, IReadOnlyList<HealthAlert> Alerts);
