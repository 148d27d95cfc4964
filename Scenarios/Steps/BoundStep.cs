using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// A step checked against the topology and ready to run. <see cref="FailsWith"/> is the error code the
/// scenario expects the step to fail with (e.g. <c>NoPermission</c>), or null when it must succeed.
/// Running returns a one-line account of what happened; a failure throws <see cref="StepFailure"/>.
/// </summary>
internal sealed record BoundStep(ScenarioItem Item, string? FailsWith, Func<DrillWorld, Task<string>> Run)
{
    /// <summary>
    /// For a step that starts one of ASR's operations on machines: the vault's answer before any job (its refusal or the
    /// first prerequisite error now, null when it would pass), which a lab asks in the kernel's Probe before it applies the step.
    /// </summary>
    public Func<DrillWorld, Task<Engine.Orchestration.Errors.AsrError?>>? Preflight { get; init; }

    /// <summary>The code and the one-line message of what a step threw, each in its system's own vocabulary.</summary>
    public static (string Code, string Detail) ErrorOf(Exception e) => (e switch
    {
        StepFailure f => f.Code,
        Engine.Ports.VSphere.VSphereFault f => f.FaultType.ToString(),
        Engine.Orchestration.Errors.AsrException a => a.Error.Code,
        Engine.Ports.Arm.ArmException a => a.Code,
        _ => e.GetType().Name,
    }, e is Engine.Ports.VSphere.VSphereFault v ? v.LocalizedMessage : e.Message);
}

/// <summary>A step that failed with an error code from the system's own vocabulary.</summary>
internal sealed class StepFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
