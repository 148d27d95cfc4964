using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The process server's cache volume fills when it cannot upload (the link to the target is down): it takes no
/// more than its capacity, the agent holds the rest (back-pressure), ASR's cache alerts fire and the RPO turns
/// critical; when the link returns everything drains, the health recovers and the target holds every write the
/// guest made (nothing acknowledged is lost).
/// </summary>
public sealed class ProcessServerCacheFillTests
{
    private const long Cache = 8L << 20;
    private const int Block = 64 << 10;

    [Theory]
    [InlineData(21, 40, 10)] // 40 minutes down, a 64 KiB write every 10 s: 15 MiB for an 8 MiB cache
    [InlineData(22, 90, 4)] // 90 minutes down, every 4 s: 84 MiB, ten times the cache
    public void AFullCacheHoldsBackTheAgentRaisesTheCacheAlertAndLosesNothing(int seed, int minutesDown, int secondsBetweenWrites)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = (ulong)seed });
        using var rig = new PairRig(sim, cacheBytes: Cache);
        var health = new List<ReplicationHealth>();
        rig.Pair.HealthChanged += health.Add;
        var random = sim.Choices.Stream("workload");
        long peakCache = 0, pendingAtAgent = 0;
        ProcessServerHealthReport? whileDown = null;
        var rpoWhileDown = TimeSpan.Zero;
        sim.Run(async () =>
        {
            rig.Start();
            await rig.CaughtUpAsync();
            rig.Network.Disconnect(PairRig.TargetHost);
            var end = sim.Clock.GetUtcNow() + TimeSpan.FromMinutes(minutesDown);
            while (sim.Clock.GetUtcNow() < end)
            {
                var data = new byte[Block];
                random.NextBytes(data);
                rig.Guest.Write((long)Block * random.Next((int)(rig.SourceDisk.Capacity / Block)), data);
                peakCache = Math.Max(peakCache, rig.ProcessServer.CacheUsedBytes);
                await sim.Clock.Delay(TimeSpan.FromSeconds(secondsBetweenWrites));
            }
            pendingAtAgent = rig.Agent.PendingBytes;
            whileDown = rig.ProcessServer.Health(lastHeartbeat: sim.Clock.GetUtcNow());
            rpoWhileDown = rig.Pair.Rpo;
            rig.Network.Reconnect(PairRig.TargetHost);
            await rig.CaughtUpAsync();
            await sim.Clock.Delay(TimeSpan.FromMinutes(2)); // the RPO is sampled every minute
            await rig.StopAsync();
        });

        Assert.True(peakCache <= Cache, $"the cache held {peakCache} bytes, more than its {Cache}");
        Assert.True(peakCache > Cache * 3 / 4, $"the cache never filled: at most {peakCache} of {Cache} bytes");
        Assert.True(pendingAtAgent > 0, "the agent held nothing back while the cache was full");
        Assert.Equal(ServerHealth.Critical, whileDown!.Health);
        Assert.Contains(whileDown.Alerts, a => a.Condition == "CacheFreeSpace" && a.Severity == ServerHealth.Critical);
        Assert.True(rpoWhileDown > TimeSpan.FromMinutes(minutesDown - 1), $"RPO while down {rpoWhileDown}");
        Assert.Equal([ReplicationHealth.Warning, ReplicationHealth.Critical, ReplicationHealth.Normal], health);

        Assert.Equal(rig.Agent.LastSequence, rig.Target.AppliedSequence);
        Assert.Equal(0, rig.ProcessServer.CacheUsedBytes);
        Assert.Null(rig.Truth.FirstDifference("disk-1", rig.Truth.Writes.Count, rig.TargetDisk));
    }
}
