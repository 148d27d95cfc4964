namespace Failback.Simulators.Disks.Check;

/// <summary>
/// The checker's findings, at most <see cref="PerKind"/> of one kind in one file and then a count: a
/// directory of garbage can point a million tables past the end, and the report must stay readable and small.
/// </summary>
internal sealed class ProblemCollector
{
    public const int PerKind = 100;

    private readonly List<DiskProblem> _problems = [];
    private readonly Dictionary<(string File, DiskProblemKind Kind), int> _counts = [];

    public void Add(DiskProblem problem)
    {
        var key = (problem.File, problem.Kind);
        var n = _counts[key] = _counts.GetValueOrDefault(key) + 1;
        if (n <= PerKind) _problems.Add(problem);
    }

    public IReadOnlyList<DiskProblem> ToList() =>
        [.. _problems, .. _counts.Where(kv => kv.Value > PerKind).Select(kv =>
            new DiskProblem(kv.Key.Kind, kv.Key.File, $"and {kv.Value - PerKind} more {kv.Key.Kind} problems like the ones above."))];
}
