namespace Failback.Simulators.Kernel;

/// <summary>
/// Where a simulator consults the fault plan: the target it names, the operations it names and the faults it
/// understands (<see cref="OpenFaults"/>: any other name is a fault too, e.g. an ARM error code). A scenario's
/// fault rule is refused unless some site fires it.
/// </summary>
public sealed record FaultSite(string Target, IReadOnlyList<string> Operations, IReadOnlyList<string> Faults, bool OpenFaults = false)
{
    /// <summary>Whether an operation pattern (<c>*</c>, <c>?</c>) matches an operation of this site.</summary>
    public bool Fires(string operationPattern) => Operations.Any(op => FaultPlan.Matches(operationPattern, op));

    /// <summary>Whether this site understands a fault name (case-insensitive, as the simulators compare them).</summary>
    public bool Knows(string fault) => OpenFaults || Faults.Contains(fault, StringComparer.OrdinalIgnoreCase);
}
