namespace Failback.Scenarios.Running;

/// <summary>One JUnit test suite: a name, properties and cases; its time is virtual.</summary>
public sealed record JUnitSuite(string Name, string Package, TimeSpan Time, IReadOnlyList<(string Name, string Value)> Properties, IReadOnlyList<JUnitCase> Cases);
