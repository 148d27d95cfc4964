namespace Failback.Engine.Orchestration.Jobs;

/// <summary>One ordered task of an operation: its name in the job, and the work that calls the ports or the data plane.</summary>
internal sealed record JobStep(string Name, Func<StepContext, Task> RunAsync);
