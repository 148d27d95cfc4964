using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Tasks;

/// <summary>
/// One server's tasks. A task is queued at once; it runs when the tasks before it on the same object
/// are done and its queue delay has passed; the fault plan is consulted (<c>vcenter</c>, method,
/// object reference) and may delay it or fail it with a vSphere fault; otherwise its body runs.
/// </summary>
public sealed class TaskManager
{
    private readonly VSphereSite _site;
    private readonly ServiceInstance _server;
    private readonly List<SimTask> _tasks = [];
    private readonly Dictionary<ManagedObjectReference, SimTask> _byRef = [];

    internal TaskManager(VSphereSite site, ServiceInstance server)
    {
        _site = site;
        _server = server;
    }

    public IReadOnlyList<TaskInfo> All => _tasks.ConvertAll(t => t.Info);

    internal ManagedObjectReference Start(Operation operation)
    {
        var moRef = _server.MoRefs.NextTask(operation.DescriptionId);
        var entityRef = operation.Entity is null ? (ManagedObjectReference?)null : _server.MoRefOf(operation.Entity);
        var task = new SimTask(new TaskInfo
        {
            Task = moRef,
            DescriptionId = operation.DescriptionId,
            Entity = entityRef,
            EntityName = operation.Entity?.Name,
            State = TaskInfoState.Queued,
            UserName = operation.User.UserName,
            QueueTime = _site.Clock.GetUtcNow(),
        });
        _tasks.Add(task);
        _byRef[moRef] = task;
        _site.Trace.Emit("vcenter", "task.queued", ("server", _server.Name), ("task", moRef.Value), ("method", operation.Method),
            ("entity", entityRef?.Value), ("user", operation.User.UserName));
        _site.Simulation.Spawn($"{_server.Name} {moRef.Value} {operation.Method}", () => Run(task, operation));
        return moRef;
    }

    internal SimTask? Find(ManagedObjectReference moRef) => _byRef.GetValueOrDefault(moRef);

    private async Task Run(SimTask task, Operation operation)
    {
        var entity = operation.Entity;
        var previous = Task.CompletedTask;
        TaskCompletionSource? mine = null;
        if (entity is not null)
        {
            previous = entity.TaskTail;
            mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            entity.TaskTail = mine.Task;
        }
        try
        {
            await previous;
            await _site.Clock.Delay(_site.Options.Latency.Queue);
            var objectId = entity is null ? _server.Name : _server.MoRefOf(entity).Value;
            var hit = _site.Simulation.Faults.Consult("vcenter", operation.Method, objectId);
            if (hit is not null) await _site.Clock.Delay(hit.Delay);

            task.Start(_site.Clock.GetUtcNow());
            task.ChainId = _site.Events.Post(_server, 0, "TaskEvent", operation.User.UserName, entity, $"Task: {operation.Label}");
            _site.Trace.Emit("vcenter", "task.running", ("server", _server.Name), ("task", task.Info.Task.Value));
            try
            {
                if (hit?.Fault is { } fault) throw FaultInjector.Raise(_site, _server, entity, fault, hit.Detail);
                var result = await operation.Body(new OperationContext(_site, _server, task, operation.User, operation.Method));
                task.Succeed(_site.Clock.GetUtcNow(), result);
                _site.Trace.Emit("vcenter", "task.success", ("server", _server.Name), ("task", task.Info.Task.Value), ("result", Describe(result)));
            }
            catch (VSphereFault error)
            {
                task.Fail(_site.Clock.GetUtcNow(), error);
                _site.Trace.Emit("vcenter", "task.error", ("server", _server.Name), ("task", task.Info.Task.Value), ("fault", error.FaultType), ("message", error.LocalizedMessage));
            }
        }
        finally
        {
            mine?.SetResult();
        }
    }

    private static string? Describe(object? result) => result switch
    {
        null => null,
        ManagedObjectReference m => m.Value,
        Enum e => e.ToString(),
        _ => result.GetType().Name,
    };
}
