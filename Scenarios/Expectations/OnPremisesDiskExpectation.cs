using Failback.Scenarios.Language;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Expectations;

/// <summary>
/// <c>on-premises-disk: {vm, disk, unchanged-since-failover}</c>: the disk of the on-premises VM or physical server the machine
/// was when it last failed over to Azure, against what it held then. While the machine runs in
/// Azure it must still hold that, every write its guest made on-premises included (those the failover lost too);
/// once failback replication writes it, it has changed.
/// </summary>
internal static class OnPremisesDiskExpectation
{
    public static BoundExpectation Bind(ScenarioItem item, Topology topology, int _)
    {
        var m = ExpectationBinder.Fields(item.Args);
        var name = StepBinder.Protectable(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        var unchanged = m.Optional("unchanged-since-failover")?.AsBool() ?? true;
        topology.OnPremisesDisksRead.Add(name);
        var expected = unchanged ? "unchanged since its last failover to Azure, with every write its guest made there" : "changed since its last failover to Azure";
        return new(item, $"{name} on-premises disk {disk} {expected}", (world, _) =>
        {
            var machine = world.Machine(name);
            if (machine.OnPremisesAtFailover is not { } kept) return new Verdict(false, $"{name} has not failed over to Azure");
            if (!kept.Disks.TryGetValue(disk, out var then)) return new Verdict(false, $"{name} had no on-premises disk {disk} at the failover of step {kept.Step}");
            using var device = machine.OpenKeptOnPremises(disk);
            if (device is null) return new Verdict(false, $"{kept.Where} of {name} was deleted");
            var at = then.FirstDifference(device);
            var now = at is null ? $"({kept.Where}) unchanged since the failover of step {kept.Step}" : $"({kept.Where}) changed since the failover of step {kept.Step} (first at byte {at})";
            var problems = kept.Problems.Where(p => p.StartsWith($"disk {disk} ", StringComparison.Ordinal)).ToList();
            var before = problems.Count == 0 ? $"then it held all {kept.GuestWrites} write(s) its guest made on-premises" : string.Join("; ", problems);
            return new Verdict((at is null) == unchanged && (!unchanged || problems.Count == 0), $"{name} on-premises disk {disk} {now}; {before}");
        });
    }
}
