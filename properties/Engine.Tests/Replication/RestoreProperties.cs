using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Replication;

public class RestoreProperties
{
    /// <summary>A guest write: sector, length in sectors, fill seed; then a pause in seconds.</summary>
    public readonly record struct Op(int Sector, int Sectors, int Fill, int PauseSeconds);

    private static readonly Gen<Op> OpGen =
        from sector in Gen.Choose(0, 2047)
        from sectors in Gen.Choose(1, 32)
        from fill in Gen.Choose(0, int.MaxValue)
        from pause in Gen.Frequency((3, Gen.Choose(0, 20)), (1, Gen.Choose(60, 900)))
        select new Op(sector, sectors, fill, pause);

    /// <summary>
    /// For random write workloads, every recovery point in the window restores to exactly the
    /// ground truth after the point's writes, and rolling the target back in place gives the same.
    /// </summary>
    [Property(MaxTest = 20)]
    public Property RestoredDiskEqualsTheGroundTruthAtEveryPoint() =>
        Prop.ForAll(OpGen.ArrayOf().ToArbitrary(), ops => Check(ops));

    private static bool Check(Op[] ops)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 11 });
        using var rig = new PairRig(sim, capacity: 1 << 20, bytesPerSecond: 256 * 1024);
        sim.Run(async () =>
        {
            rig.Start();
            foreach (var op in ops)
            {
                var length = Math.Min(op.Sectors, 2048 - op.Sector) * 512;
                var data = new byte[length];
                new ChoiceStream("fill", (ulong)op.Fill).NextBytes(data);
                rig.Guest.Write(op.Sector * 512L, data);
                await sim.Clock.Delay(TimeSpan.FromSeconds(op.PauseSeconds));
            }
            await sim.Clock.Delay(TimeSpan.FromMinutes(6));
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });

        var points = rig.Journal.Points;
        if (points.Count == 0) return false;
        foreach (var point in points)
        {
            var restored = new MemoryDisk(rig.TargetDisk.Capacity);
            rig.Journal.Restore("disk-1", point, rig.TargetDisk, restored);
            if (rig.Truth.FirstDifference("disk-1", point.Sequence, restored) is { } at)
                throw new InvalidOperationException($"{point.Id} ({point.Type}, sequence {point.Sequence}) differs from the truth at byte {at}");
        }
        var oldest = points[0];
        rig.Journal.Restore("disk-1", oldest, rig.TargetDisk, rig.TargetDisk);
        return rig.Truth.FirstDifference("disk-1", oldest.Sequence, rig.TargetDisk) is null;
    }
}
