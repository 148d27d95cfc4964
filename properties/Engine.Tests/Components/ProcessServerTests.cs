using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Components;

public class ProcessServerTests
{
    private const string Passphrase = "correct-horse-battery";

    [Fact]
    public void PS6_AProcessServerInAzureRegistersWithTheConfigurationServerByPassphrase()
    {
        using var dir = new TempDirectory();
        var clock = new VirtualClock();
        using var cs = ConfigurationServer.Create(dir.File("cs.db"), "cs", "10.0.0.5", Passphrase, clock);
        var ps = new ProcessServer("ps-azure", "172.16.0.4", ServerLocation.Azure, 1 << 30, new TestNetwork(clock, 1e6, TimeSpan.Zero), clock);
        Assert.Throws<AsrException>(() => ps.Register(cs, "nope-nope-nope"));
        Assert.Null(ps.Id);
        ps.Register(cs, Passphrase);
        var registered = Assert.Single(cs.Servers(ServerRole.ProcessServer));
        Assert.Equal(ps.Id, registered.Id);
        Assert.Equal("Azure", registered.Location);
    }

    [Fact]
    public void TS5_WithoutPort443ToTheConfigurationServerThereIsNoHeartbeatAndHealthTurnsCritical()
    {
        using var dir = new TempDirectory();
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        using var cs = ConfigurationServer.Create(dir.File("cs.db"), "cs", "10.0.0.5", Passphrase, sim.Clock);
        var network = new TestNetwork(sim.Clock, 1e6, TimeSpan.FromMilliseconds(20));
        var ps = new ProcessServer("ps-azure", "172.16.0.4", ServerLocation.Azure, 1 << 30, network, sim.Clock);
        ps.Register(cs, Passphrase);
        var reports = sim.Run(async () =>
        {
            using var stop = new CancellationTokenSource();
            var beats = ps.RunHeartbeatsAsync(cs, TimeSpan.FromMinutes(1), stop.Token);
            await sim.Clock.Delay(TimeSpan.FromMinutes(10));
            var healthy = ps.Health(cs.LastHeartbeat(ps.Id!));
            network.BlockPort(443);
            await sim.Clock.Delay(TimeSpan.FromMinutes(10));
            var stillWithin = ps.Health(cs.LastHeartbeat(ps.Id!));
            await sim.Clock.Delay(TimeSpan.FromMinutes(6));
            var lost = ps.Health(cs.LastHeartbeat(ps.Id!));
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beats);
            return (healthy, stillWithin, lost);
        });
        Assert.Equal(ServerHealth.Healthy, reports.healthy.Health);
        Assert.Equal(ServerHealth.Healthy, reports.stillWithin.Health);
        Assert.Equal(ServerHealth.Critical, reports.lost.Health);
        var alert = Assert.Single(reports.lost.Alerts);
        Assert.Equal("Heartbeat", alert.Condition);
        Assert.Contains("port 443", alert.Message);
        Assert.Equal(0, network.BytesByPort.GetValueOrDefault(9443));
    }

    [Theory]
    [InlineData(60, ServerHealth.Healthy)]
    [InlineData(71, ServerHealth.Warning)]
    [InlineData(76, ServerHealth.Critical)]
    public void CacheFreeSpaceBelow30PercentWarnsAndBelow25PercentIsCritical(int usedPercent, ServerHealth expected)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 2 });
        var ps = new ProcessServer("ps", "10.0.0.20", ServerLocation.OnPremises, 1000, new TestNetwork(sim.Clock, 1e6, TimeSpan.Zero), sim.Clock);
        var report = sim.Run(async () =>
        {
            // Something uploaded recently, so the upload-time estimate stays small.
            await ps.ReserveCacheAsync(1000, CancellationToken.None);
            ps.ReleaseCache(1000);
            await ps.ReserveCacheAsync(usedPercent * 10, CancellationToken.None);
            return ps.Health(sim.Clock.GetUtcNow());
        });
        Assert.Equal(expected, report.Health);
        if (expected != ServerHealth.Healthy) Assert.Equal("CacheFreeSpace", Assert.Single(report.Alerts).Condition);
    }

    [Theory]
    [InlineData(20, ServerHealth.Healthy)]
    [InlineData(40, ServerHealth.Warning)]
    [InlineData(50, ServerHealth.Critical)]
    public void EstimatedCacheUploadTimeAbove30MinutesWarnsAndAbove45IsCritical(int minutesOfBacklog, ServerHealth expected)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        var ps = new ProcessServer("ps", "10.0.0.20", ServerLocation.OnPremises, 1_000_000, new TestNetwork(sim.Clock, 1e6, TimeSpan.Zero), sim.Clock);
        var report = sim.Run(async () =>
        {
            // 15 minutes uploading 100 bytes a second, then a backlog of the given minutes at that rate.
            for (var i = 0; i < 15; i++)
            {
                await ps.ReserveCacheAsync(6000, CancellationToken.None);
                await sim.Clock.Delay(TimeSpan.FromMinutes(1));
                ps.ReleaseCache(6000);
            }
            await ps.ReserveCacheAsync(minutesOfBacklog * 6000, CancellationToken.None);
            return ps.Health(sim.Clock.GetUtcNow());
        });
        Assert.Equal(expected, report.Health);
    }

    [Fact]
    public void ServicesDownFor15MinutesWarnAndStopTheHeartbeat()
    {
        using var dir = new TempDirectory();
        using var sim = new Simulation(new SimulationOptions { Seed = 4 });
        using var cs = ConfigurationServer.Create(dir.File("cs.db"), "cs", "10.0.0.5", Passphrase, sim.Clock);
        var ps = new ProcessServer("ps", "10.0.0.20", ServerLocation.OnPremises, 1000, new TestNetwork(sim.Clock, 1e6, TimeSpan.Zero), sim.Clock);
        ps.Register(cs, Passphrase);
        var report = sim.Run(async () =>
        {
            Assert.True(await ps.SendHeartbeatAsync(cs));
            ps.StopServices();
            await sim.Clock.Delay(TimeSpan.FromMinutes(16));
            Assert.False(await ps.SendHeartbeatAsync(cs));
            return ps.Health(cs.LastHeartbeat(ps.Id!));
        });
        Assert.Equal(ServerHealth.Critical, report.Health);
        Assert.Equal(["Services", "Heartbeat"], report.Alerts.Select(a => a.Condition));
    }

    [Fact]
    public void AFullCacheHoldsNewDataBackUntilUploadsFreeSpace()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 5 });
        var ps = new ProcessServer("ps", "10.0.0.20", ServerLocation.OnPremises, 1000, new TestNetwork(sim.Clock, 1e6, TimeSpan.Zero), sim.Clock);
        var admittedAt = sim.Run(async () =>
        {
            await ps.ReserveCacheAsync(800, CancellationToken.None);
            var waiting = ps.ReserveCacheAsync(500, CancellationToken.None);
            await sim.Clock.Delay(TimeSpan.FromMinutes(3));
            Assert.False(waiting.IsCompleted);
            ps.ReleaseCache(800);
            await waiting;
            return sim.Clock.Elapsed;
        });
        Assert.Equal(TimeSpan.FromMinutes(3), admittedAt);
        Assert.Equal(500, ps.CacheUsedBytes);
    }
}
