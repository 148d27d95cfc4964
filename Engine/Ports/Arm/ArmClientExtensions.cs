using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Engine.Ports.Arm;

/// <summary>
/// What an ARM client does around the raw calls: retry a throttled request after its Retry-After,
/// and poll a long-running operation until it completes, both waiting in the given (virtual) time.
/// </summary>
public static class ArmClientExtensions
{
    /// <summary>How many 429s in a row a call tolerates before giving up.</summary>
    public const int MaxThrottledAttempts = 10;

    /// <summary>Runs <paramref name="call"/>, waiting out each 429's Retry-After (default 10 s) before trying again.</summary>
    public static async Task<T> WithRetryAsync<T>(this TimeProvider time, Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (ArmException e) when (e.Status == 429 && attempt < MaxThrottledAttempts)
            {
                await time.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(10), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Polls <paramref name="operation"/> every <see cref="ArmOperation.RetryAfter"/> until it completes;
    /// returns it when it succeeded, throws <see cref="ArmException"/> with its error when it failed.
    /// </summary>
    public static async Task<ArmOperation> WaitForCompletionAsync(this IArm arm, ArmOperation operation, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(operation);
        while (!operation.IsCompleted)
        {
            await time.Delay(operation.RetryAfter > TimeSpan.Zero ? operation.RetryAfter : TimeSpan.FromSeconds(1), cancellationToken);
            var id = operation.Id;
            operation = await time.WithRetryAsync(() => arm.GetOperationAsync(id, cancellationToken), cancellationToken);
        }
        if (operation.Status != OperationStatus.Succeeded)
            throw new ArmException(500, operation.Error ?? new ArmError("OperationFailed", $"The operation {operation.Method} on '{operation.ResourceId}' ended {operation.Status}.", operation.ResourceId.ToString()));
        return operation;
    }

    /// <summary>PUT, retried through throttling, then waited for; returns the resource as it is now.</summary>
    public static async Task<T> CreateOrUpdateAsync<T>(this IArm arm, ResourceId id, T body, TimeProvider time, CancellationToken cancellationToken = default)
        where T : ArmResource
    {
        var operation = await time.WithRetryAsync(() => arm.BeginCreateOrUpdateAsync(id, body, cancellationToken), cancellationToken);
        await arm.WaitForCompletionAsync(operation, time, cancellationToken);
        return await arm.GetAsync<T>(id, time, cancellationToken);
    }

    public static async Task DeleteAsync(this IArm arm, ResourceId id, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var operation = await time.WithRetryAsync(() => arm.BeginDeleteAsync(id, cancellationToken), cancellationToken);
        await arm.WaitForCompletionAsync(operation, time, cancellationToken);
    }

    public static async Task<ArmOperation> ActionAsync(this IArm arm, ResourceId id, string action, TimeProvider time,
        IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        var operation = await time.WithRetryAsync(() => arm.BeginActionAsync(id, action, parameters, cancellationToken), cancellationToken);
        return await arm.WaitForCompletionAsync(operation, time, cancellationToken);
    }

    /// <summary>GET with throttling retried, typed; a resource of another type is a 404 for this type.</summary>
    public static async Task<T> GetAsync<T>(this IArm arm, ResourceId id, TimeProvider time, CancellationToken cancellationToken = default)
        where T : ArmResource
    {
        var resource = await time.WithRetryAsync(() => arm.GetAsync(id, cancellationToken), cancellationToken);
        return resource as T ?? throw new ArmException(404,
            new ArmError("ResourceNotFound", $"'{id}' is a {resource.GetType().Name}, not a {typeof(T).Name}.", id.ToString()));
    }
}
