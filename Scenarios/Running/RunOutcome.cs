namespace Failback.Scenarios.Running;

/// <summary>The report, the trace (JSON lines, when captured) and where the run's files were kept (when kept).</summary>
public sealed record RunOutcome(RunReport Report, string? Trace, string? KeptFolder);
