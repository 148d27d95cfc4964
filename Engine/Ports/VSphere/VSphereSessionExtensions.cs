namespace Failback.Engine.Ports.VSphere;

internal static class VSphereSessionExtensions
{
    /// <summary>Waits for the task and returns its result, or throws its fault.</summary>
    public static async Task<object?> WaitForTaskResultAsync(this IVSphereSession session, ManagedObjectReference task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var info = await session.WaitForTaskAsync(task, cancellationToken);
        return info.Error is { } fault ? throw fault : info.Result;
    }

    /// <summary>Waits for a task whose result is a managed object (a new VM, snapshot or host) and returns it.</summary>
    public static async Task<ManagedObjectReference> WaitForMoRefAsync(this IVSphereSession session, ManagedObjectReference task, CancellationToken cancellationToken = default) =>
        await session.WaitForTaskResultAsync(task, cancellationToken) is ManagedObjectReference moRef
            ? moRef
            : throw new InvalidOperationException($"Task {task.Value} returned no managed object reference.");
}
