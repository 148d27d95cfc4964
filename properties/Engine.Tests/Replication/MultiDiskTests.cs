using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Xunit;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Replication;

public class MultiDiskTests
{
    /// <summary>Runs a two-disk machine for an hour of churn; returns what a replay must reproduce.</summary>
    private static (IReadOnlyList<RecoveryPoint> Points, long BytesSent, byte[][] Restored, bool[] EqualToTruth) Run(ulong seed)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = seed });
        using var dir = new TempDirectory();
        var truth = new GroundTruth(sim.Clock);
        var agent = new MobilityAgent("vm-7", "10.0.0.17", sim.Clock);
        var sources = new[] { new MemoryDisk(1 << 20), new MemoryDisk(2 << 20) };
        var replicas = new[] { new MemoryDisk(1 << 20), new MemoryDisk(2 << 20) };
        var guests = sources.Select((d, i) => truth.Record($"disk-{i}", agent.Attach($"disk-{i}", d))).ToArray();
        var network = new TestNetwork(sim.Clock, 64 * 1024, TimeSpan.FromMilliseconds(3));
        var ps = new ProcessServer("ps", "10.0.0.20", ServerLocation.Azure, 8 << 20, network, sim.Clock);
        using var journal = RetentionJournal.Open(dir.File("journal"), segmentBytes: 128 * 1024);
        var target = new ReplicationTarget("mt", journal);
        for (var i = 0; i < 2; i++) target.AddDisk($"disk-{i}", replicas[i], holdsData: false);
        var policy = new ReplicationPolicy { Id = "p", Name = "p", RpoThreshold = TimeSpan.FromMinutes(15), RecoveryPointRetention = TimeSpan.FromHours(24), AppConsistentFrequency = TimeSpan.FromMinutes(15) };
        var pair = new ReplicationPair("pair-7", agent, ps, target, policy, network, sim.Clock);
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            using var stop = new CancellationTokenSource();
            var running = sim.Spawn("pair", () => pair.RunAsync(stop.Token));
            for (var i = 0; i < 600; i++)
            {
                var disk = random.Next(2);
                var data = new byte[512 * random.Next(1, 32)];
                random.NextBytes(data);
                guests[disk].Write(512L * random.Next((int)(guests[disk].Capacity - data.Length) / 512), data);
                await sim.Clock.Delay(random.Between(TimeSpan.Zero, TimeSpan.FromSeconds(12)));
            }
            while (target.AppliedSequence < agent.LastSequence) await sim.Clock.Delay(TimeSpan.FromSeconds(5));
            stop.Cancel();
            await running;
        });
        var middle = journal.Points[journal.Points.Count / 2];
        var restored = new byte[2][];
        var equal = new bool[2];
        for (var i = 0; i < 2; i++)
        {
            var output = new MemoryDisk(replicas[i].Capacity);
            journal.Restore($"disk-{i}", middle, replicas[i], output);
            restored[i] = output.ToArray();
            equal[i] = truth.FirstDifference($"disk-{i}", middle.Sequence, output) is null;
        }
        return (journal.Points.ToList(), pair.BytesSent, restored, equal);
    }

    [Fact]
    public void EveryDiskOfAMachineRestoresToTheSamePoint()
    {
        var run = Run(21);
        Assert.True(run.Points.Count >= 8, $"{run.Points.Count} points");
        Assert.Equal([true, true], run.EqualToTruth);
    }

    [Fact]
    public void TheSameSeedReplaysTheSameReplication()
    {
        var first = Run(22);
        var second = Run(22);
        Assert.Equal(first.Points, second.Points);
        Assert.Equal(first.BytesSent, second.BytesSent);
        Assert.Equal(first.Restored, second.Restored);
        Assert.NotEqual(first.Points, Run(23).Points);
    }
}
