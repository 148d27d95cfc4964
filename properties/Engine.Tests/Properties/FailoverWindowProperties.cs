using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Properties;

/// <summary>
/// A failover against the retention window (a retention of 1 hour here, so hours of workload prune it): for random
/// guest workloads over a replicating pair, a failover to any point the journal offers (what the vault lists and picks
/// from) uses a point inside the window, rolls the target back to exactly the ground truth at it, and counts exactly
/// the writes after it as lost.
/// </summary>
public sealed class FailoverWindowProperties(ITestOutputHelper output)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>A guest write (sector, sectors, fill) and the pause after it, in minutes.</summary>
    public readonly record struct Op(int Sector, int Sectors, byte Fill, int PauseMinutes);

    /// <summary>Picks the failover point: <paramref name="choice"/> among what the picker considers available.</summary>
    internal delegate RecoveryPoint? PointPicker(PairRig rig, IReadOnlyList<RecoveryPoint> everCreated, int choice);

    /// <summary>The engine's window: the journal's points (the list the vault offers and resolves a failover's point from).</summary>
    internal static RecoveryPoint? EngineWindow(PairRig rig, IReadOnlyList<RecoveryPoint> everCreated, int choice) =>
        rig.Journal.Points.Count == 0 ? null : rig.Journal.Points[choice % rig.Journal.Points.Count];

    /// <summary>Planted bug: a failover that picks among every point ever created, so also among those pruned out of the window.</summary>
    internal static RecoveryPoint? EveryPointEverCreated(PairRig rig, IReadOnlyList<RecoveryPoint> everCreated, int choice) =>
        everCreated.Count == 0 ? null : everCreated[choice % everCreated.Count];

    private static readonly Gen<Op> Ops =
        from sector in Gen.Choose(0, 2047)
        from sectors in Gen.Choose(1, 64)
        from fill in Gen.Choose(1, 255)
        from pause in Gen.Frequency((3, Gen.Choose(0, 10)), (1, Gen.Choose(20, 90)))
        select new Op(sector, sectors, (byte)fill, pause);

    /// <param name="checkedFailover">Told, per case that failed over, how many points retention had pruned (so a run shows it tested pruning).</param>
    internal static Property FailoverStaysInTheWindowAndEqualsTheTruth(PointPicker pick, Action<int>? checkedFailover = null) =>
        Prop.ForAll((from ops in Gen.ArrayOf(Ops) from choice in Gen.Choose(0, 1000) select (ops, choice)).ToArbitrary(), c =>
        {
            using var sim = new Simulation(new SimulationOptions { Seed = 5 });
            using var rig = new PairRig(sim, capacity: 1 << 20, policy: new ReplicationPolicy
            {
                Id = "policy-1", Name = "short", RpoThreshold = TimeSpan.FromMinutes(15), RecoveryPointRetention = Retention,
            });
            var created = new List<RecoveryPoint>();
            rig.Pair.PointCreated += created.Add;
            sim.Run(async () =>
            {
                rig.Start();
                foreach (var op in c.ops)
                {
                    var data = new byte[Math.Min(op.Sectors, 2048 - op.Sector) * 512];
                    Array.Fill(data, op.Fill);
                    rig.Guest.Write(op.Sector * 512L, data);
                    await sim.Clock.Delay(TimeSpan.FromMinutes(op.PauseMinutes));
                }
                await sim.Clock.Delay(TimeSpan.FromMinutes(6));
                await rig.CaughtUpAsync();
                await rig.StopAsync();
            });

            var point = pick(rig, created, c.choice);
            if (point is null) return true.Label("no point yet");
            var newest = rig.Journal.Points[^1];
            if (point.Time < newest.Time - Retention)
                return false.Label($"the failover picked {point.Id} of {point.Time:u}, outside the {Retention.TotalHours} h window that ends at {newest.Id} of {newest.Time:u}");
            rig.Journal.Restore("disk-1", point, rig.TargetDisk, rig.TargetDisk);
            checkedFailover?.Invoke(created.Count - rig.Journal.Points.Count);
            var at = rig.Truth.FirstDifference("disk-1", point.Sequence, rig.TargetDisk);
            var lost = rig.Agent.Ledger.LossAfter(point.Sequence);
            return (at is null).Label($"the target rolled back to {point.Id} differs from the ground truth at byte {at}")
                .And((lost.Writes == rig.Truth.Writes.Count - point.Sequence).Label($"{lost.Writes} writes counted lost; the truth says {rig.Truth.Writes.Count - point.Sequence}"));
        });

    [Fact]
    public void FailoverToAnyOfferedPoint_IsInsideTheRetentionWindow_AndEqualsTheGroundTruth()
    {
        int failovers = 0, afterPruning = 0;
        PropertyRun.Holds(output, "failover window", 60, seed: 2, FailoverStaysInTheWindowAndEqualsTheTruth(EngineWindow, pruned =>
        {
            failovers++;
            if (pruned > 0) afterPruning++;
        }));
        output.WriteLine($"{failovers} failovers checked, {afterPruning} of them after retention pruned points");
        Assert.True(afterPruning > 0, "no case ran long enough for retention to prune a point: the window was never tested");
    }

    [Fact]
    public void ThePropertyCatchesAFailoverThatPicksAPointOutsideTheRetentionWindow_AndItsSeedReplaysIt()
    {
        var message = PropertyRun.FindsBug(output, "failover window vs a failover outside the window", 100, seed: 2, () => FailoverStaysInTheWindowAndEqualsTheTruth(EveryPointEverCreated));
        Assert.Contains("outside the 1 h window", message, StringComparison.Ordinal);
    }
}
