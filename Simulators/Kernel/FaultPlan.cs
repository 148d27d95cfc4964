namespace Failback.Simulators.Kernel;

/// <summary>
/// The run's fault rules, off by default. Simulators consult it at every fault site; every decision
/// that involves chance draws from the "faults" stream, and every firing is traced.
/// </summary>
public sealed class FaultPlan(VirtualClock clock, ChoiceStream choices, Trace trace)
{
    private readonly List<RuleState> _rules = [];

    public IReadOnlyList<FaultRule> Rules => _rules.ConvertAll(r => r.Rule);

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (Problem(rule) is { } problem) throw new ArgumentException($"Fault rule '{rule}': {problem}.", nameof(rule));
        _rules.Add(new RuleState(rule));
        trace.Emit("faults", "rule.added", ("rule", rule.ToString()), ("target", rule.Target), ("operation", rule.Operation), ("object", rule.Object), ("fault", rule.Fault));
    }

    public bool Remove(FaultRule rule)
    {
        var removed = _rules.RemoveAll(r => ReferenceEquals(r.Rule, rule) || r.Rule == rule) > 0;
        if (removed) trace.Emit("faults", "rule.removed", ("rule", rule.ToString()));
        return removed;
    }

    /// <summary>The first active rule that matches and fires for this call, or null.</summary>
    public FaultHit? Consult(string target, string operation, string objectId)
    {
        if (_rules.Count == 0) return null;
        var now = clock.Elapsed;
        foreach (var state in _rules)
        {
            var rule = state.Rule;
            if (rule.From is { } from && now < from) continue;
            if (rule.Until is { } until && now >= until) continue;
            if (rule.Count is { } count && state.Fired >= count) continue;
            if (!Matches(rule.Target, target) || !Matches(rule.Operation, operation) || !Matches(rule.Object, objectId)) continue;
            // A probe sees the rules that fire for certain, and counts and draws nothing (Simulation.Probe).
            if (clock.Frozen)
            {
                if (state.Seen < rule.Skip || rule.Probability < 1) continue;
                return new FaultHit(rule, rule.Delay, rule.Fault, rule.Detail);
            }
            if (state.Seen++ < rule.Skip) continue;
            if (rule.Probability < 1 && !choices.Chance(rule.Probability)) continue;
            state.Fired++;
            trace.Emit("faults", "fault.fired", ("rule", rule.ToString()), ("target", target), ("operation", operation),
                ("object", objectId), ("fault", rule.Fault), ("delay", rule.Delay));
            return new FaultHit(rule, rule.Delay, rule.Fault, rule.Detail);
        }
        return null;
    }

    private static string? Problem(FaultRule rule) => rule switch
    {
        { Target: null or "" } => "the target must be set (vcenter, azure, network, disk, component, or *)",
        { Operation: null or "" } or { Object: null or "" } => "operation and object must be patterns such as * or upload",
        { Probability: < 0 or > 1 or double.NaN } => $"probability {rule.Probability} must be between 0 and 1",
        { Count: < 0 } => $"count {rule.Count} must be zero or more (leave it out for no limit)",
        { Skip: < 0 } => $"skip {rule.Skip} must be zero or more",
        { Delay.Ticks: < 0 } => $"delay {rule.Delay} must be zero or more",
        { From: { } from, Until: { } until } when until <= from => $"the window ends (+{until:c}) before it starts (+{from:c})",
        _ => null,
    };

    /// <summary>Case-insensitive glob with <c>*</c> (any run) and <c>?</c> (one character).</summary>
    public static bool Matches(string pattern, string value)
    {
        if (pattern == "*") return true;
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(value[v])))
            {
                p++; v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++; mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1; v = ++mark;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public int Seen;
        public int Fired;
    }
}
