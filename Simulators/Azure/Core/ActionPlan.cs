namespace Failback.Simulators.Azure.Core;

/// <summary>What a POST action does: how long it runs, what it changes when it succeeds, its output.</summary>
internal sealed record ActionPlan((TimeSpan Min, TimeSpan Max) Time, Action OnSucceeded, Action? OnFailed = null, string? Output = null);
