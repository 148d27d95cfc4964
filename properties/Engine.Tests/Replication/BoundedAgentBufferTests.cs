using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The mobility agent's buffer is bounded: during a partition far longer than the process server's cache and the
/// agent's buffer can absorb, the agent holds at most its buffer and falls back to bitmap mode; no recovery point is
/// made across the dirty period; after the link heals it re-reads the dirty blocks while the guest keeps writing,
/// the RPO and health recover, the target equals the ground truth and every point in the window restores exactly.
/// </summary>
public sealed class BoundedAgentBufferTests
{
    [Theory]
    // seed, disk MiB, agent buffer KiB, cache KiB, minutes down, write KiB, seconds between writes, link bytes/s
    [InlineData(31, 8, 1024, 2048, 40, 64, 2, 2e6)] // 40 minutes, 77 MiB written into a 1 MiB buffer and 2 MiB cache
    [InlineData(32, 4, 256, 4096, 90, 4, 1, 1e6)] // small writes for 90 minutes: the buffer overflows long after the cache
    [InlineData(33, 16, 4096, 3072, 35, 1024, 5, 8e6)] // 1 MiB writes, a buffer larger than the cache, a faster link
    [InlineData(34, 2, 128, 512, 180, 16, 3, 5e5)] // three hours down, a slow link: the resync of the whole disk still converges
    public void ALongPartitionHoldsNoMoreThanTheBufferAndLosesNoAcknowledgedWrite(
        int seed, int diskMiB, int bufferKiB, int cacheKiB, int minutesDown, int writeKiB, int secondsBetweenWrites, double linkBytesPerSecond)
    {
        long buffer = bufferKiB * 1024L, cache = cacheKiB * 1024L, block = writeKiB * 1024L;
        using var sim = new Simulation(new SimulationOptions { Seed = (ulong)seed });
        using var rig = new PairRig(sim, capacity: diskMiB << 20, bytesPerSecond: linkBytesPerSecond, cacheBytes: cache,
            options: new ReplicationOptions { MaxBatchBytes = Math.Min(cache, 4L << 20) - 4096 }, agentBufferBytes: buffer);
        var health = new List<ReplicationHealth>();
        rig.Pair.HealthChanged += health.Add;
        var points = new List<RecoveryPoint>();
        rig.Pair.PointCreated += points.Add;
        var random = sim.Choices.Stream("workload");
        long peakHeld = 0, peakCache = 0, writtenWhileDown = 0;
        bool resyncWhileDown = false, resyncAfterHeal = false;
        var rpoWhileDown = TimeSpan.Zero;
        DateTimeOffset down = default, healed = default, resynced = default, overflowed = default;
        void Write()
        {
            var data = new byte[block];
            random.NextBytes(data);
            rig.Guest.Write(block * random.Next((int)(rig.SourceDisk.Capacity / block)), data);
            peakHeld = Math.Max(peakHeld, rig.Agent.PendingBytes);
            peakCache = Math.Max(peakCache, rig.ProcessServer.CacheUsedBytes);
            if (rig.Agent.BitmapMode && overflowed == default) overflowed = sim.Clock.GetUtcNow();
        }
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            rig.Network.Disconnect(PairRig.TargetHost);
            down = sim.Clock.GetUtcNow();
            while (sim.Clock.GetUtcNow() < down + TimeSpan.FromMinutes(minutesDown))
            {
                Write();
                writtenWhileDown += block;
                await sim.Clock.Delay(TimeSpan.FromSeconds(secondsBetweenWrites));
            }
            resyncWhileDown = rig.Pair.ResyncRequired;
            rpoWhileDown = rig.Pair.Rpo;
            rig.Network.Reconnect(PairRig.TargetHost);
            healed = sim.Clock.GetUtcNow();
            // The guest keeps writing while the dirty blocks are re-read: blocks written again are sent again.
            while (rig.Pair.ResyncRequired || sim.Clock.GetUtcNow() < healed + TimeSpan.FromMinutes(10))
            {
                if (rig.Pair.ResyncRequired) resyncAfterHeal = true;
                else if (resynced == default) resynced = sim.Clock.GetUtcNow();
                Write();
                await sim.Clock.Delay(TimeSpan.FromSeconds(secondsBetweenWrites));
                Assert.True(sim.Clock.GetUtcNow() < healed + TimeSpan.FromHours(6), "the resync of the dirty blocks never ended");
            }
            await rig.CaughtUpAsync();
            await sim.Clock.Delay(TimeSpan.FromMinutes(6)); // the next crash-consistent point, after catch-up
            await rig.StopAsync();
        });

        Assert.True(writtenWhileDown > 4 * (buffer + cache), $"only {writtenWhileDown} bytes written while down: the test does not overflow");
        Assert.True(peakHeld <= buffer, $"the agent held {peakHeld} bytes, more than its {buffer}-byte buffer");
        Assert.True(peakCache <= cache, $"the cache held {peakCache} bytes, more than its {cache}");
        Assert.True(resyncWhileDown, "the agent never fell back to bitmap mode");
        Assert.True(resyncAfterHeal, "the resync of the dirty blocks was not seen after the link healed");
        Assert.True(rig.Agent.ResyncBytes > 0);
        Assert.True(rig.Agent.TagsSkipped > 0, "tags were issued across the dirty period");
        Assert.True(rpoWhileDown > TimeSpan.FromMinutes(minutesDown - 2), $"RPO while down {rpoWhileDown}");
        Assert.Equal([ReplicationHealth.Warning, ReplicationHealth.Critical, ReplicationHealth.Normal], health.Take(3));
        Assert.Equal(ReplicationHealth.Normal, rig.Pair.Health);

        // No point describes a state inside the dirty period, and a point exists after catch-up.
        Assert.DoesNotContain(points, p => p.Time >= overflowed && p.Time < resynced);
        Assert.Contains(points, p => p.Time > resynced);

        // Nothing acknowledged is lost: the target holds every write, and every point in the window restores exactly.
        Assert.Equal(rig.Agent.LastSequence, rig.Target.AppliedSequence);
        Assert.Null(rig.Truth.FirstDifference("disk-1", rig.Truth.Writes.Count, rig.TargetDisk));
        foreach (var point in rig.Journal.Points)
        {
            var restored = new MemoryDisk(rig.TargetDisk.Capacity);
            rig.Journal.Restore("disk-1", point, rig.TargetDisk, restored);
            Assert.True(rig.Truth.FirstDifference("disk-1", point.Sequence, restored) is null, $"{point.Id} at sequence {point.Sequence} differs from the truth");
        }
    }

    [Fact]
    public void AWriteThatDoesNotFitTheBufferIsTrackedAsDirtyBlocksAndReReadAsTheDiskHoldsIt()
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock(), bufferBytes: 4096);
        var guest = agent.Attach("disk-1", new MemoryDisk(1 << 20));
        guest.Write(0, Filled(1024, 1));             // buffered
        guest.Write(200 * 1024, Filled(8192, 2));    // does not fit: bitmap mode, block 3
        guest.Write(0, Filled(512, 3));              // bitmap mode goes on: block 0, even though it would fit
        Assert.True(agent.BitmapMode);
        Assert.Null(agent.Tag(ConsistencyType.CrashConsistent));
        Assert.Equal(1, agent.PendingRecords);

        var first = agent.Take(1 << 20);
        Assert.Equal(1L, Assert.IsType<WriteRecord>(Assert.Single(first)).Sequence); // the buffered write first, in order
        var resync = agent.Take(1 << 20).Cast<ResyncRecord>().ToList();
        Assert.Equal([0L, 192 * 1024], resync.Select(r => r.Offset));
        Assert.All(resync, r => Assert.Equal(64 * 1024, r.Data.Length));
        Assert.All(resync, r => Assert.Equal(3L, r.Sequence));
        Assert.Equal([false, true], resync.Select(r => r.EndsResync));
        Assert.Equal(3, resync[0].Data[0]); // as the disk holds it now
        Assert.Equal(2, resync[1].Data[8 * 1024]);
        Assert.False(agent.BitmapMode);
        guest.Write(0, Filled(512, 4));
        Assert.IsType<WriteRecord>(Assert.Single(agent.Take(1 << 20))); // buffered again
    }

    [Fact]
    public void TheResyncIsCutIntoBatchesOfWholeBlocksAndEndsOnlyWithTheLastDirtyBlock()
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock(), bufferBytes: 1024);
        var guest = agent.Attach("disk-1", new MemoryDisk((1 << 20) + 1000)); // the last block is short
        guest.Write(0, Filled((1 << 20) + 1000, 7));
        var batches = new List<IReadOnlyList<ChangeRecord>>();
        while (agent.BitmapMode) batches.Add(agent.Take(300 * 1024));
        var records = batches.SelectMany(b => b).Cast<ResyncRecord>().ToList();
        Assert.All(batches, b => Assert.True(b.Sum(r => r.Bytes) <= 300 * 1024));
        Assert.Equal((1 << 20) + 1000, records.Sum(r => r.Data.Length));
        Assert.Equal([true], records.Where(r => r.EndsResync).Select(r => r == records[^1]));
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
