namespace Failback.Scenarios.World;

/// <summary>
/// One commit of a machine's failover, as it succeeded: the recovery point it kept (after any change of recovery point)
/// and where the disks the machine runs on then differ from the ground truth of that point.
/// </summary>
internal sealed record CommitRecord(int Step, string Machine, string? Point, IReadOnlyList<string> Problems)
{
    public bool MatchesTruth => Problems.Count == 0;
}
