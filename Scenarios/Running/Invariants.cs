using Failback.Scenarios.World;

namespace Failback.Scenarios.Running;

/// <summary>
/// What must hold after every run, whatever the faults: no VM runs twice (two powered-on VMs with one
/// BIOS UUID), and every disk a guest wrote still holds exactly what the guest wrote (no data lost).
/// </summary>
public static class Invariants
{
    public static IEnumerable<string> Check(DrillWorld world)
    {
        foreach (var copies in world.Site.Vms.Where(v => !v.Removed && v.IsPoweredOn).GroupBy(v => v.Uuid).Where(g => g.Count() > 1))
            yield return $"two running copies of one VM (uuid {copies.Key}): {string.Join(", ", copies.Select(v => v.Name))}";
        foreach (var (id, disk) in world.RecordedDisks.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (disk.Vm.Removed) continue;
            if (world.Truth.FirstDifference(id, world.Truth.Writes.Count, disk) is { } at)
                yield return $"data lost: {id} differs from what its guest wrote at byte {at}";
        }
    }
}
