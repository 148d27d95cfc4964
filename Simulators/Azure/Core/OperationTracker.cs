using Failback.Engine.Ports.Arm;
using Failback.Simulators.Kernel;

namespace Failback.Simulators.Azure.Core;

/// <summary>
/// ARM's long-running operations: each runs for a seeded span of virtual time, then applies its
/// outcome; a resource with a running operation refuses other writes (409 AnotherOperationInProgress).
/// </summary>
internal sealed class OperationTracker(TimeProvider clock, ChoiceStream choices, Trace trace, AzureOptions options)
{
    private readonly Dictionary<string, ArmOperation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ResourceId, ArmOperation> _running = [];
    private readonly HashSet<ITimer> _timers = [];

    public ArmOperation? RunningOn(ResourceId id) => _running.GetValueOrDefault(id);

    public ArmOperation? Find(string operationId) => _operations.GetValueOrDefault(operationId);

    /// <summary>A request that completed with its response (a resource group PUT).</summary>
    public ArmOperation Completed(ResourceId id, string method, int statusCode, string location)
    {
        var now = clock.GetUtcNow();
        var operation = new ArmOperation
        {
            Id = NewId(id, location), ResourceId = id, Method = method, StatusCode = statusCode,
            Status = OperationStatus.Succeeded, StartTime = now, EndTime = now,
        };
        _operations[operation.Id] = operation;
        trace.Emit("azure", "operation.completed", ("op", operation.Id), ("method", method), ("id", id.ToString()), ("status", operation.Status));
        return operation;
    }

    /// <summary>
    /// Starts an operation that ends after a duration drawn from [min, max]: <paramref name="succeed"/> runs then,
    /// unless <paramref name="injected"/> fails it or <paramref name="succeed"/> throws; <paramref name="fail"/> runs on failure.
    /// </summary>
    public ArmOperation Start(ResourceId id, string method, int statusCode, string location, (TimeSpan Min, TimeSpan Max) time,
        Action succeed, Action<ArmError> fail, ArmError? injected = null, string? output = null)
    {
        var operation = new ArmOperation
        {
            Id = NewId(id, location), ResourceId = id, Method = method, StatusCode = statusCode,
            Status = OperationStatus.InProgress, StartTime = clock.GetUtcNow(), RetryAfter = options.PollInterval,
        };
        _operations[operation.Id] = operation;
        _running[id] = operation;
        var duration = choices.Between(time.Min, time.Max);
        trace.Emit("azure", "operation.started", ("op", operation.Id), ("method", method), ("id", id.ToString()), ("code", statusCode), ("duration", duration));
        ITimer? timer = null;
        // Created unarmed and armed only once it is known: a clock driven by another task (Coyote's hosted
        // driver) may fire a timer as soon as it is armed, before CreateTimer's result reaches this method.
        timer = clock.CreateTimer(_ =>
        {
            _timers.Remove(timer!);
            timer!.Dispose();
            Finish(operation.Id, id, succeed, fail, injected, output);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers.Add(timer);
        timer.Change(duration, Timeout.InfiniteTimeSpan);
        return operation;
    }

    private void Finish(string operationId, ResourceId id, Action succeed, Action<ArmError> fail, ArmError? injected, string? output)
    {
        _running.Remove(id);
        var error = injected;
        if (error is null)
        {
            try
            {
                succeed();
            }
            catch (ArmException e)
            {
                error = e.Error;
            }
        }
        if (error is not null) fail(error);
        var done = _operations[operationId] with
        {
            Status = error is null ? OperationStatus.Succeeded : OperationStatus.Failed,
            EndTime = clock.GetUtcNow(), Error = error, Output = error is null ? output : null,
        };
        _operations[operationId] = done;
        trace.Emit("azure", "operation.completed", ("op", operationId), ("method", done.Method), ("id", id.ToString()), ("status", done.Status), ("error", error?.Code));
    }

    private string NewId(ResourceId id, string location)
    {
        var provider = id.Namespace ?? "Microsoft.Resources";
        return $"/subscriptions/{id.SubscriptionId}/providers/{provider}/locations/{(location.Length > 0 ? location : "global")}/operations/{choices.NextGuid()}";
    }
}
