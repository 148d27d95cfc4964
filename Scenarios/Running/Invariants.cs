using Failback.Scenarios.World;

namespace Failback.Scenarios.Running;

/// <summary>
/// What must hold whatever the faults: no machine runs twice (two powered-on VMs with one BIOS UUID, or its
/// Azure VM and an on-premises copy at once), no failover lost data beyond its recovery point (checked when
/// each failover ends), and where every machine runs its disks hold exactly what its guest wrote.
/// </summary>
public static class Invariants
{
    /// <summary>Checked after every step: nothing runs twice.</summary>
    public static IEnumerable<string> RunningCopies(DrillWorld world)
    {
        foreach (var copies in world.Site.Vms.Where(v => !v.Removed && v.IsPoweredOn).GroupBy(v => v.Uuid).Where(g => g.Count() > 1))
            yield return $"two running copies of one VM (uuid {copies.Key}): {string.Join(", ", copies.Select(v => v.Name))}";
        foreach (var machine in world.Machines)
            if (machine.RunsTwice(out var detail)) yield return $"two running copies: {detail}";
    }

    /// <summary>Checked at the end: every job the configuration server recorded ended.</summary>
    public static IEnumerable<string> JobsEnded(DrillWorld world)
    {
        if (world.Vault is not { ConfigurationServerRunning: true } vault) yield break;
        foreach (var job in vault.Jobs.Where(j => j.State is Engine.Orchestration.Jobs.JobState.NotStarted or Engine.Orchestration.Jobs.JobState.InProgress))
            yield return $"job {job.Id} ({job.ScenarioName} of {job.TargetId}) never ended: {job.State}";
    }

    /// <summary>Checked at the end: data.</summary>
    public static IEnumerable<string> Data(DrillWorld world)
    {
        foreach (var machine in world.Machines.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var problem in machine.Problems) yield return problem;
            foreach (var (disk, problem) in machine.CompareWithTruth())
                yield return $"data lost: {machine.Name} disk {disk} {problem}";
        }
    }
}
