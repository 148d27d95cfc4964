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
public sealed class BoundScenario
{
    internal BoundScenario(Scenario scenario, Topology topology, IReadOnlyList<BoundStep> steps, IReadOnlyList<BoundFault> faults, IReadOnlyList<BoundExpectation> expectations)
    {
        Scenario = scenario;
        Topology = topology;
        Steps = steps;
        Faults = faults;
        Expectations = expectations;
    }

    public Scenario Scenario { get; }
    public Topology Topology { get; }
    // How the runner runs it: the binders' types are the language's implementation, not the package's API.
    internal IReadOnlyList<BoundStep> Steps { get; }
    internal IReadOnlyList<BoundFault> Faults { get; }
    internal IReadOnlyList<BoundExpectation> Expectations { get; }

    public static IReadOnlySet<string> KnownRules { get; } = RuleCatalog.Rules.Keys.ToHashSet(StringComparer.Ordinal);

    public static BoundScenario Load(string path) => Bind(ScenarioParser.ParseFile(path, KnownRules));

    public static BoundScenario Parse(string file, string text) => Bind(ScenarioParser.Parse(file, text, KnownRules));

    public static BoundScenario Bind(Scenario scenario)
    {
        var topology = Topology.Bind(scenario.Topology);
        if (scenario.Durations is { } durations) DurationsOption.Apply(durations, topology);
        var steps = scenario.Steps.Select(s => StepBinder.Bind(s, topology)).ToList();
        var faults = scenario.Faults.Select(f => BoundFault.Bind(f, steps.Count)).ToList();
        var expectations = scenario.Expectations.Select(e => ExpectationBinder.Bind(e, topology, steps.Count)).ToList();
        return new BoundScenario(scenario, topology, steps, faults, expectations);
    }
}
