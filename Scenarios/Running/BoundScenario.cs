using Failback.Engine.Orchestration.Rules;
using Failback.Scenarios.Expectations;
using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Running;

/// <summary>
/// A scenario with every step, fault and expectation bound against its topology. Binding happens
/// before anything runs, so bad input is reported (file:line:column) without creating any file.
/// </summary>
public sealed record BoundScenario(
    Scenario Scenario,
    Topology Topology,
    IReadOnlyList<BoundStep> Steps,
    IReadOnlyList<BoundFault> Faults,
    IReadOnlyList<BoundExpectation> Expectations)
{
    public static IReadOnlySet<string> KnownRules { get; } = RuleCatalog.Rules.Keys.ToHashSet(StringComparer.Ordinal);

    public static BoundScenario Load(string path) => Bind(ScenarioParser.ParseFile(path, KnownRules));

    public static BoundScenario Parse(string file, string text) => Bind(ScenarioParser.Parse(file, text, KnownRules));

    public static BoundScenario Bind(Scenario scenario)
    {
        var topology = Topology.Bind(scenario.Topology);
        var steps = scenario.Steps.Select(s => StepBinder.Bind(s, topology)).ToList();
        var faults = scenario.Faults.Select(f => BoundFault.Bind(f, steps.Count)).ToList();
        var expectations = scenario.Expectations.Select(e => ExpectationBinder.Bind(e, topology, steps.Count)).ToList();
        return new BoundScenario(scenario, topology, steps, faults, expectations);
    }
}
