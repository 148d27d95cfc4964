namespace Failback.Scenarios.Language;

/// <summary>A parsed scenario: what the file says, with positions kept for later checks.</summary>
public sealed record Scenario(
    string File,
    string Title,
    string? Description,
    ulong Seed,
    Node? Topology,
    IReadOnlyList<ScenarioItem> Steps,
    IReadOnlyList<ScenarioItem> Faults,
    IReadOnlyList<ScenarioItem> Expectations,
    IReadOnlyList<(string Id, Node Where)> Covers)
{
    /// <summary>The top-level <c>durations:</c> (ASR's waits: asr, the default, or instant), bound with the topology.</summary>
    public Node? Durations { get; init; }
}

/// <summary>One step, fault or expectation: a kind (the map's single key) and its arguments.</summary>
public sealed record ScenarioItem(int Index, string Kind, Node Args, Node Where)
{
    public override string ToString() => $"{Kind} (#{Index + 1}, line {Where.Line})";
}
