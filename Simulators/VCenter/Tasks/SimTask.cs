using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Tasks;

/// <summary>A task's mutable record: its current <see cref="TaskInfo"/> and a completion the callers wait on.</summary>
internal sealed class SimTask(TaskInfo info)
{
    public TaskInfo Info { get; private set; } = info;
    public long ChainId { get; set; }
    /// <remarks>Completed on the kernel's thread; no RunContinuationsAsynchronously, which would make Task.WhenAny finish on the thread pool.</remarks>
    public TaskCompletionSource<TaskInfo> Done { get; } = new();

    public void Start(DateTimeOffset now) => Info = Info with { State = TaskInfoState.Running, Progress = 0, StartTime = now };

    public void ReportProgress(int percent) => Info = Info with { Progress = percent };

    public void Succeed(DateTimeOffset now, object? result) =>
        Complete(Info with { State = TaskInfoState.Success, Progress = 100, Result = result, CompleteTime = now });

    public void Fail(DateTimeOffset now, VSphereFault fault) =>
        Complete(Info with { State = TaskInfoState.Error, Error = fault, StartTime = Info.StartTime ?? now, CompleteTime = now });

    private void Complete(TaskInfo final)
    {
        Info = final;
        Done.TrySetResult(final);
    }
}
