using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// An expectation of the language: its name, what it checks, its fields (declared once) and its binder. Every
/// expectation also accepts <c>after-step</c>.
/// </summary>
internal sealed record ExpectationKind(string Name, string Doc, IReadOnlyList<Field> Fields, Func<ScenarioItem, Topology, int, BoundExpectation> Bind)
{
    /// <summary>What every expectation accepts besides its own fields.</summary>
    public static readonly Field AfterStep = Field.Int("after-step", 1, "check right after step N (1-based) instead of at the end");
}
