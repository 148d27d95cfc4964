namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// What changed since a version, as PropertyCollector's WaitForUpdatesEx answers: pass
/// <see cref="Version"/> to the next call to get only later changes.
/// </summary>
public sealed record UpdateSet(string Version, IReadOnlyList<ObjectUpdate> Updates);
