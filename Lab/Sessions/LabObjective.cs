using Failback.Scenarios.Expectations;

namespace Failback.Lab.Sessions;

/// <summary>
/// One objective of an exercise: a title, the points it is worth, hints for the trainee, and the expectation of the
/// drill language that must hold (checked live against the lab's world).
/// </summary>
public sealed record LabObjective(int Index, string Title, int Points, IReadOnlyList<string> Hints, BoundExpectation Expectation);
