namespace Failback.Engine.Orchestration.Prerequisites;

/// <summary>
/// Marks a prerequisite check asked before any job (<see cref="Orchestrator.PreflightAsync(string, Items.AsrOperation, object?, CancellationToken)"/>):
/// its facts are read without acting on the sites, so a process server's heartbeat is judged by its route instead of
/// being sent (a sent one is recorded in the configuration server's database and crosses the link).
/// </summary>
internal static class Preflight
{
    private static readonly AsyncLocal<bool> Current = new();

    public static bool Active => Current.Value;

    public static Scope Enter()
    {
        Current.Value = true;
        return default;
    }

    internal readonly struct Scope : IDisposable
    {
        public void Dispose() => Current.Value = false;
    }
}
