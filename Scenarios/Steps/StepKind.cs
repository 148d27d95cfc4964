using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// A step of the language: its name, what it does, its fields (declared once) and its binder. A step whose value
/// is not a map (<c>- wait: 30m</c>) declares its <see cref="Scalar"/> instead of fields; every map step also
/// accepts <c>fails-with</c>.
/// </summary>
internal sealed record StepKind(string Name, string Doc, IReadOnlyList<Field> Fields, Func<Node, Topology, Func<DrillWorld, Task<string>>> Bind)
{
    /// <summary>The value of a step written as <c>- name: value</c>, when it is not a map of fields.</summary>
    public Field? Scalar { get; init; }

    /// <summary>Whether the step may be written bare, with its defaults (<c>- lose-configuration-server</c>).</summary>
    public bool Bare { get; init; }

    /// <summary>What every step accepts besides its own fields.</summary>
    public static readonly Field FailsWith = Field.Opt("fails-with", FieldType.Code, "the error code the step is expected to fail with (a vSphere fault, an ASR code or a rule ID)");
}
