using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter.Tasks;

namespace Failback.Scenarios.Steps;

/// <summary>
/// A fault rule of the kernel, armed at a virtual time (<c>at</c>, from the start) or when a step starts
/// (<c>at-step</c>, 1-based), for a duration (<c>for</c>) or until the run ends.
/// </summary>
public sealed record BoundFault(ScenarioItem Item, FaultRule Rule, TimeSpan? At, int? AtStep, TimeSpan? For)
{
    public static readonly string[] Targets = ["vcenter", "azure", "network", "disk", "component", "*"];

    /// <summary>The fault names the vCenter simulator raises (see <see cref="FaultInjector"/>).</summary>
    public static IReadOnlyList<string> VCenterFaults { get; } =
        [FaultInjector.HostDisconnect, FaultInjector.DatastoreInaccessible, "NotFound", .. Enum.GetNames<VSphereFaultType>()];

    public static BoundFault Bind(ScenarioItem item, int stepCount)
    {
        var m = item.Args.AsMap("name", "target", "operation", "object", "fault", "detail", "probability", "count", "skip", "delay", "at", "at-step", "for");
        var targetNode = m.Required("target");
        var target = targetNode.AsString();
        if (!Targets.Contains(target)) throw targetNode.Error($"unknown fault target '{target}'; targets are: {string.Join(", ", Targets)}.");
        var faultNode = m.Optional("fault");
        var fault = faultNode?.AsString();
        if (target == "vcenter" && fault is not null && !VCenterFaults.Contains(fault, StringComparer.OrdinalIgnoreCase))
            throw faultNode!.Error($"unknown vCenter fault '{fault}'; use one of: {string.Join(", ", VCenterFaults)}.");
        var delay = m.Optional("delay")?.AsDuration() ?? TimeSpan.Zero;
        if (fault is null && delay == TimeSpan.Zero) throw m.Node.Error("a fault rule needs a 'fault', a 'delay', or both.");
        var at = m.Optional("at")?.AsDuration();
        var atStepNode = m.Optional("at-step");
        var atStep = atStepNode?.AsInt(1, stepCount);
        if (at is not null && atStep is not null) throw atStepNode!.Error("give either 'at' (a virtual time) or 'at-step', not both.");
        var rule = new FaultRule
        {
            Name = m.Optional("name")?.AsString(),
            Target = target,
            Operation = m.Optional("operation")?.AsString() ?? "*",
            Object = m.Optional("object")?.AsString() ?? "*",
            Fault = fault,
            Detail = m.Optional("detail")?.AsString(),
            Probability = m.Optional("probability")?.AsProbability() ?? 1.0,
            Count = m.Optional("count")?.AsInt(0),
            Skip = m.Optional("skip")?.AsInt(0) ?? 0,
            Delay = delay,
        };
        return new BoundFault(item, rule, at, atStep, m.Optional("for")?.AsDuration());
    }

    /// <summary>The rule with its window, once it is known when it is armed.</summary>
    public FaultRule ArmedAt(TimeSpan now) => Rule with { From = now, Until = For is { } f ? now + f : null };
}
