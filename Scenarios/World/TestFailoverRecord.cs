namespace Failback.Scenarios.World;

/// <summary>
/// One test failover of a machine, judged when its job succeeded: the test VM's disks against the ground truth at the
/// point, and whether the test VM could reach the configuration server (it must not: the test network is isolated).
/// </summary>
public sealed record TestFailoverRecord(int Step, string Machine, string Point, string TestVm, bool ReachesProduction, IReadOnlyList<string> Problems)
{
    public bool MatchesTruth => Problems.Count == 0;
}
