using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Replication;

public class ReplicationPairTests
{
    private const int Block = ChangedBlockBitmap.DefaultBlockSize;

    private static MemoryDisk RandomDisk(ChoiceStream random, long capacity)
    {
        var disk = new MemoryDisk(capacity);
        var data = new byte[capacity];
        random.NextBytes(data);
        disk.Write(0, data);
        return disk;
    }

    private static MemoryDisk CopyOf(MemoryDisk disk)
    {
        var copy = new MemoryDisk(disk.Capacity);
        copy.Write(0, disk.ToArray());
        return copy;
    }

    [Fact]
    public void LOC1_ResyncOfAnOriginalVmThatStillExistsSendsExactlyTheDifferingBlocks()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var random = sim.Choices.Stream("test");
        var source = RandomDisk(random, 8 << 20);
        var target = CopyOf(source);
        var changed = new SortedSet<long>();
        while (changed.Count < 7) changed.Add(random.Next((int)(source.Capacity / Block)));
        foreach (var block in changed)
        {
            var data = new byte[100];
            random.NextBytes(data);
            source.Write(block * Block + random.Next(Block - 100), data);
        }
        using var rig = new PairRig(sim, sourceDisk: source, existingTarget: target);
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });

        var result = Assert.Single(rig.Pair.InitialReplication);
        Assert.Equal(InitialReplicationMode.DeltaResync, result.Mode);
        Assert.Equal(source.Capacity / Block, result.BlocksCompared);
        Assert.Equal(changed.Count, result.BlocksSent);
        Assert.Equal(changed.Count * (long)Block, result.BytesSent);
        Assert.Equal(source.Capacity / Block * 16, result.HashBytes);
        Assert.Equal(source.ToArray(), target.ToArray());
    }

    [Fact]
    public void LOC1_WithChangeIdsFromTheFailoverOnlyTheAreasEitherSideChangedAreHashed()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 12 });
        var random = sim.Choices.Stream("test");
        var source = RandomDisk(random, 8 << 20);
        var target = CopyOf(source);
        var baseline = new ResyncBaseline(source.TakeChangeId(), target.TakeChangeId());
        var data = new byte[300];
        random.NextBytes(data);
        source.Write(3 * Block + 10, data);            // changed on the running side
        source.Write(40 * Block, target.ToArray().AsSpan(40 * Block, 512)); // rewritten with the same bytes
        target.Write(70 * Block + 5, data);            // changed on the old side after failover
        target.Write(71 * Block - 5, data);            // straddles blocks 70 and 71

        using var rig = new PairRig(sim, sourceDisk: source, existingTarget: target, baseline: baseline);
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        var result = Assert.Single(rig.Pair.InitialReplication);
        Assert.Equal(4, result.BlocksCompared);  // blocks 3, 40, 70, 71
        Assert.Equal(3, result.BlocksSent);      // block 40 hashed equal
        Assert.Equal(4 * 16, result.HashBytes);
        Assert.Equal(source.ToArray(), target.ToArray());
    }

    [Fact]
    public void LOC1_AnUnknownChangeIdFallsBackToHashingEveryBlock()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 13 });
        var random = sim.Choices.Stream("test");
        var source = RandomDisk(random, 4 << 20);
        var target = CopyOf(source);
        source.Write(5 * Block, new byte[10]);
        using var rig = new PairRig(sim, sourceDisk: source, existingTarget: target, baseline: new ResyncBaseline("epoch-99", "lost-in-a-restart"));
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        var result = Assert.Single(rig.Pair.InitialReplication);
        Assert.Equal(source.Capacity / Block, result.BlocksCompared);
        Assert.Equal(1, result.BlocksSent);
        Assert.Equal(source.ToArray(), target.ToArray());
    }

    [Fact]
    public void LOC7_ADeletedVmGetsAFullCopy()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 2 });
        var source = RandomDisk(sim.Choices.Stream("test"), 4 << 20);
        using var rig = new PairRig(sim, sourceDisk: source);
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });

        var result = Assert.Single(rig.Pair.InitialReplication);
        Assert.Equal(InitialReplicationMode.FullCopy, result.Mode);
        Assert.Equal(source.Capacity, result.BytesSent);
        Assert.Equal(source.ToArray(), rig.TargetDisk.ToArray());
    }

    [Fact]
    public void EveryTransferIsTimedByTheLinkBandwidth()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        var source = RandomDisk(sim.Choices.Stream("test"), 4 << 20);
        // 1 MiB/s: 4 MiB cross the agent's hop and then the target's hop.
        using var rig = new PairRig(sim, sourceDisk: source, bytesPerSecond: 1 << 20);
        var copied = sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            var at = sim.Clock.Elapsed;
            await rig.StopAsync();
            return at;
        });
        Assert.InRange(copied.TotalSeconds, 8, 10);
    }

    [Fact]
    public void ContinuousReplicationAppliesEveryCapturedWriteInOrder()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 4 });
        var random = sim.Choices.Stream("workload");
        using var rig = new PairRig(sim);
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 500; i++)
            {
                var data = new byte[512 * random.Next(1, 17)];
                random.NextBytes(data);
                // Overlapping writes: only in-order application gives the source's final content.
                rig.Guest.Write(512L * random.Next((int)(rig.Guest.Capacity - data.Length) / 512), data);
                await sim.Clock.Delay(TimeSpan.FromMilliseconds(random.Next(1, 2000)));
            }
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        Assert.Equal(500, rig.Agent.LastSequence);
        Assert.Equal(rig.SourceDisk.ToArray(), rig.TargetDisk.ToArray());
        Assert.Equal(rig.Truth.ContentAfter("disk-1", 500).ToArray(), rig.TargetDisk.ToArray());
    }

    [Fact]
    public void POL2_CrashConsistentPointsEveryFiveMinutesAndAppConsistentAtThePolicyFrequency()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        using var rig = new PairRig(sim);
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            rig.Start();
            for (var minute = 0; minute < 127; minute++)
            {
                var data = new byte[4096];
                random.NextBytes(data);
                rig.Guest.Write(4096L * random.Next(1024), data);
                await sim.Clock.Delay(TimeSpan.FromMinutes(1));
            }
            await rig.StopAsync();
        });
        var points = rig.Journal.Points;
        Assert.Equal(25, points.Count(p => p.Type == ConsistencyType.CrashConsistent));
        Assert.Equal(2, points.Count(p => p.Type == ConsistencyType.AppConsistent));
        var crash = points.Where(p => p.Type == ConsistencyType.CrashConsistent).Select(p => p.Time).ToList();
        Assert.All(crash.Zip(crash.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void POL2_PointsPastTheRetentionWindowArePruned()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 6 });
        var policy = new ReplicationPolicy
        {
            Id = "p", Name = "short", RpoThreshold = TimeSpan.FromMinutes(15),
            RecoveryPointRetention = TimeSpan.FromHours(1), AppConsistentFrequency = null,
        };
        using var rig = new PairRig(sim, policy: policy);
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 3 * 60 * 6; i++)
            {
                var data = new byte[16384];
                random.NextBytes(data);
                rig.Guest.Write(16384L * random.Next(256), data);
                await sim.Clock.Delay(TimeSpan.FromSeconds(10));
            }
            await rig.StopAsync();
        });
        var now = sim.Clock.GetUtcNow();
        Assert.All(rig.Journal.Points, p => Assert.True(p.Time >= now - TimeSpan.FromHours(1) - TimeSpan.FromMinutes(5), $"{p.Id} at {p.Time:u} is past the window"));
        Assert.InRange(rig.Journal.Points.Count, 11, 13);
        // Segments that only points outside the window needed are gone: 3 hours of undo would be ~17 MB.
        Assert.True(rig.Journal.SizeBytes < 8 << 20, $"journal holds {rig.Journal.SizeBytes} bytes");
    }

    [Fact]
    public void RpoGrowsWhenChurnExceedsTheBandwidthAndHealthTurnsCritical()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 7 });
        // 16 KB/s of churn over a 8 KB/s link.
        using var rig = new PairRig(sim, bytesPerSecond: 8 * 1024);
        var health = new List<ReplicationHealth>();
        rig.Pair.HealthChanged += health.Add;
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 3600; i++)
            {
                var data = new byte[16384];
                random.NextBytes(data);
                rig.Guest.Write(16384L * random.Next(256), data);
                await sim.Clock.Delay(TimeSpan.FromSeconds(1));
            }
            await rig.StopAsync();
        });
        Assert.True(rig.Pair.Rpo > TimeSpan.FromMinutes(30), $"RPO {rig.Pair.Rpo}");
        Assert.Equal([ReplicationHealth.Warning, ReplicationHealth.Critical], health);
        Assert.Equal(ReplicationHealth.Critical, rig.Pair.Health);
    }

    [Fact]
    public void RpoStaysLowWhenTheBandwidthCarriesTheChurn()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 8 });
        using var rig = new PairRig(sim, bytesPerSecond: 1 << 20);
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 3600; i++)
            {
                var data = new byte[16384];
                random.NextBytes(data);
                rig.Guest.Write(16384L * random.Next(256), data);
                await sim.Clock.Delay(TimeSpan.FromSeconds(1));
            }
            await rig.StopAsync();
        });
        Assert.True(rig.Pair.MaxRpo < TimeSpan.FromSeconds(5), $"max RPO {rig.Pair.MaxRpo}");
        Assert.Equal(ReplicationHealth.Normal, rig.Pair.Health);
    }

    [Fact]
    public void ANetworkOutageDelaysReplicationWithoutLosingWrites()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 9 });
        using var rig = new PairRig(sim);
        var random = sim.Choices.Stream("workload");
        TimeSpan rpoDuringOutage = default;
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            rig.Network.Disconnect(PairRig.TargetHost);
            for (var i = 0; i < 120; i++)
            {
                var data = new byte[4096];
                random.NextBytes(data);
                rig.Guest.Write(4096L * random.Next(1024), data);
                await sim.Clock.Delay(TimeSpan.FromSeconds(15));
            }
            rpoDuringOutage = rig.Pair.Rpo;
            rig.Network.Reconnect(PairRig.TargetHost);
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        Assert.True(rpoDuringOutage > TimeSpan.FromMinutes(25), $"RPO {rpoDuringOutage}");
        Assert.Equal(rig.SourceDisk.ToArray(), rig.TargetDisk.ToArray());
        Assert.Equal(TimeSpan.Zero, rig.Pair.Rpo);
    }

    [Fact]
    public void FO2_FailingOverToTheLatestAppConsistentPointLosesTheWritesAfterIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 10 });
        using var rig = new PairRig(sim);
        var random = sim.Choices.Stream("workload");
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 90; i++)
            {
                var data = new byte[4096];
                random.NextBytes(data);
                rig.Guest.Write(4096L * random.Next(1024), data);
                await sim.Clock.Delay(TimeSpan.FromMinutes(1));
            }
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        var app = rig.Journal.Points.Last(p => p.Type == ConsistencyType.AppConsistent);
        var latest = rig.Journal.Points[^1];
        Assert.True(app.Sequence < latest.Sequence);

        var lost = rig.Truth.LostAt(app);
        var loss = rig.Agent.Ledger.LossAfter(app.Sequence);
        Assert.Equal(lost.Count, loss.Writes);
        Assert.Equal(lost.Sum(w => (long)w.Length), loss.Bytes);
        Assert.Equal(lost[0].Time, loss.FirstLostWrite);

        var recovered = new MemoryDisk(rig.TargetDisk.Capacity);
        rig.Journal.Restore("disk-1", app, rig.TargetDisk, recovered);
        Assert.Null(rig.Truth.FirstDifference("disk-1", app.Sequence, recovered));
        Assert.NotNull(rig.Truth.FirstDifference("disk-1", latest.Sequence, recovered));
    }

    /// <summary>
    /// Hours of churn keep only the retention window's writes in the agent's ledger (not one entry per write ever made),
    /// and the loss at every point still in the window counts exactly the writes after it.
    /// </summary>
    [Fact]
    public void TheWriteLedgerKeepsOnlyTheRetentionWindow_AndCountsLossAtEveryPointInIt()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 12 });
        var policy = new ReplicationPolicy
        {
            Id = "policy-1", Name = "forward", RpoThreshold = TimeSpan.FromMinutes(15),
            RecoveryPointRetention = TimeSpan.FromHours(1), AppConsistentFrequency = TimeSpan.FromMinutes(30),
        };
        using var rig = new PairRig(sim, policy: policy);
        var random = sim.Choices.Stream("workload");
        var most = 0;
        sim.Run(async () =>
        {
            rig.Start();
            for (var i = 0; i < 6 * 60 * 4; i++)
            {
                var data = new byte[512 * (1 + random.Next(16))];
                random.NextBytes(data);
                rig.Guest.Write(512L * random.Next(8000), data);
                most = Math.Max(most, rig.Agent.Ledger.Count);
                await sim.Clock.Delay(TimeSpan.FromSeconds(15));
            }
            await rig.CaughtUpAsync();
            await rig.StopAsync();
        });
        // 6 h at 4 writes a minute is 1,440 writes; a 1 h window (plus a point's 5 minutes and the batch in flight) about 260.
        Assert.InRange(most, 200, 400);
        foreach (var point in rig.Journal.Points)
        {
            var lost = rig.Truth.LostAt(point);
            var loss = rig.Agent.Ledger.LossAfter(point.Sequence);
            Assert.Equal(lost.Count, loss.Writes);
            Assert.Equal(lost.Sum(w => (long)w.Length), loss.Bytes);
        }
        var forgotten = rig.Journal.Points[0].Sequence - 1;
        var e = Assert.Throws<InvalidOperationException>(() => rig.Agent.Ledger.LossAfter(forgotten));
        Assert.Contains("no longer holds", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Forgetting drops entries in bulk once most are forgotten; what remains answers as before, in any order of calls.</summary>
    [Fact]
    public void TheWriteLedgerAnswersTheSameAfterForgetting_AcrossItsBulkDrops()
    {
        var start = DateTimeOffset.UnixEpoch;
        var ledger = new WriteLedger();
        var whole = new WriteLedger();
        for (var s = 1; s <= 20_000; s++)
        {
            ledger.Add(s, start.AddSeconds(s), s % 7 + 1);
            whole.Add(s, start.AddSeconds(s), s % 7 + 1);
            if (s % 1000 == 0) ledger.ForgetThrough(s - 3000);
        }
        ledger.ForgetThrough(12_000); // going back is ignored
        Assert.Equal(3000, ledger.Count);
        foreach (var s in new long[] { 17_000, 17_001, 19_999, 20_000, 25_000 })
        {
            Assert.Equal(whole.LossAfter(s), ledger.LossAfter(s));
            Assert.Equal(whole.FirstTimeAfter(s), ledger.FirstTimeAfter(s));
        }
        Assert.Throws<InvalidOperationException>(() => ledger.LossAfter(16_999));
    }
}
