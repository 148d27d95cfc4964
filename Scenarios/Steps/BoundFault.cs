using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Simulators.Azure;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter.Tasks;

namespace Failback.Scenarios.Steps;

/// <summary>
/// A fault rule of the kernel, armed at a virtual time (<c>at</c>, from the start) or when a step starts
/// (<c>at-step</c>, 1-based), for a duration (<c>for</c>) or until the run ends.
/// </summary>
internal sealed record BoundFault(ScenarioItem Item, FaultRule Rule, TimeSpan? At, int? AtStep, TimeSpan? For)
{
    /// <summary>Where the simulators consult the fault plan; a rule must name a target, operation and fault that one of them fires.</summary>
    public static IReadOnlyList<FaultSite> Sites { get; } = [FaultInjector.Site, AzureCloud.FaultSite, AzureNetwork.FaultSite, World.ComponentFaults.Site];

    /// <summary>The targets a rule may name: each site's, and <c>*</c> for all of them.</summary>
    public static IReadOnlyList<string> Targets { get; } = [.. Sites.Select(s => s.Target), "*"];

    /// <summary>A fault rule's fields, declared once (the schema and the README are generated from them).</summary>
    public static IReadOnlyList<Field> Fields { get; } =
    [
        Field.Opt("name", FieldType.Name, "the rule's name in the trace"),
        Field.OneOf("target", Targets, "the simulator it hits", required: true),
        Field.Opt("operation", FieldType.Name, "the operations it matches (a pattern with * and ?): vcenter " +
            "a vSphere method such as PowerOnVM_Task or Login, azure an ARM verb or action such as put or powerOff, network check or transfer, " +
            "component process-server or configuration-server (object: its name)", "*"),
        Field.Opt("object", FieldType.Name, "the objects it matches (a pattern)", "*"),
        Field.Opt("fault", FieldType.Text, "what it raises: vcenter a vSphere fault, HostDisconnect or DatastoreInaccessible; azure an ARM status or code; network partition; " +
            "component crash (its services stop while the rule is armed: give 'for' to restart them)"),
        Field.Opt("detail", FieldType.Text, "the fault's detail (for a 429, Retry-After seconds)"),
        Field.Opt("probability", FieldType.Probability, "the chance a matching call is hit", "1"),
        Field.Int("count", 0, "at most this many hits", "no bound"),
        Field.Int("skip", 0, "matching calls passed untouched first", "0"),
        Field.Opt("delay", FieldType.Duration, "a delay before the call answers", "0s"),
        Field.Opt("at", FieldType.Duration, "armed at this virtual time from the start", "0s"),
        Field.Int("at-step", 1, "armed when step N (1-based) starts"),
        Field.Opt("for", FieldType.Duration, "how long it stays armed", "until the end"),
    ];

    public static BoundFault Bind(ScenarioItem item, int stepCount)
    {
        var m = item.Args.AsMap([.. Fields.Select(f => f.Name)]);
        var targetNode = m.Required("target");
        var target = targetNode.AsString();
        if (!Targets.Contains(target)) throw targetNode.Error($"unknown fault target '{target}'; no simulator consults it; targets are: {string.Join(", ", Targets)}.");
        var sites = Sites.Where(s => target == "*" || s.Target == target).ToList();
        var operationNode = m.Optional("operation");
        var operation = operationNode?.AsString() ?? "*";
        if (!sites.Any(s => s.Fires(operation)))
            throw operationNode!.Error($"no {target} operation matches '{operation}', so the rule would never fire; operations are: {string.Join(", ", sites.SelectMany(s => s.Operations).Distinct())}.");
        var faultNode = m.Optional("fault");
        var fault = faultNode?.AsString();
        if (fault is not null && !sites.Any(s => s.Knows(fault)))
            throw faultNode!.Error($"unknown {(target == "vcenter" ? "vCenter" : target)} fault '{fault}'; use one of: {string.Join(", ", sites.SelectMany(s => s.Faults).Distinct())}.");
        var delay = m.Optional("delay")?.AsDuration() ?? TimeSpan.Zero;
        if (fault is null && delay == TimeSpan.Zero) throw m.Node.Error("a fault rule needs a 'fault', a 'delay', or both.");
        if (target == World.ComponentFaults.Target && (fault is null || delay != TimeSpan.Zero))
            throw m.Node.Error("a component rule crashes a component: give 'fault: crash' (and 'for' to restart it), not a 'delay'.");
        var at = m.Optional("at")?.AsDuration();
        var atStepNode = m.Optional("at-step");
        var atStep = atStepNode?.AsInt(1, stepCount);
        if (at is not null && atStep is not null) throw atStepNode!.Error("give either 'at' (a virtual time) or 'at-step', not both.");
        var rule = new FaultRule
        {
            Name = m.Optional("name")?.AsString(),
            Target = target,
            Operation = operation,
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
