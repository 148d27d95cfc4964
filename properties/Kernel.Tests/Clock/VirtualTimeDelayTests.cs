using Failback.Engine.Ports;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Kernel.Tests.Clock;

/// <summary>The engine's way to wait: <c>await clock.Delay(t)</c>, on the virtual clock.</summary>
public sealed class VirtualTimeDelayTests
{
    [Fact]
    public void Delay_ResumesExactlyAtTheDueInstant_AndLeavesNoTimerBehind()
    {
        using var sim = new Simulation();
        var resumedAt = sim.Run(async () =>
        {
            await sim.Clock.Delay(TimeSpan.FromMinutes(42));
            return sim.Clock.Elapsed;
        });
        Assert.Equal(TimeSpan.FromMinutes(42), resumedAt);
        Assert.Equal(0, sim.Clock.PendingTimers);
    }

    [Fact]
    public async Task ZeroDelay_CompletesAtOnce_AndANegativeOneIsRefused()
    {
        var clock = new VirtualClock();
        Assert.True(clock.Delay(TimeSpan.Zero).IsCompletedSuccessfully);
        Assert.Equal(0, clock.PendingTimers);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => clock.Delay(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void CancelledDelay_ThrowsOperationCanceled_AtTheCancellingInstant_AndDisposesItsTimer()
    {
        using var sim = new Simulation();
        var outcome = sim.Run(async () =>
        {
            // A CancellationTokenSource on the virtual clock: CancelAfter goes through TimeProvider.CreateTimer.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), sim.Clock);
            try
            {
                await sim.Clock.Delay(TimeSpan.FromHours(1), cts.Token);
                return "not cancelled";
            }
            catch (OperationCanceledException e) when (e.CancellationToken == cts.Token)
            {
                return $"cancelled at +{sim.Clock.Elapsed}";
            }
        });
        Assert.Equal("cancelled at +00:00:10", outcome);
        Assert.Equal(0, sim.Clock.PendingTimers);
    }

    [Fact]
    public void AlreadyCancelledToken_ThrowsBeforeArmingATimer()
    {
        var clock = new VirtualClock();
        var task = clock.Delay(TimeSpan.FromSeconds(5), new CancellationToken(canceled: true));
        Assert.True(task.IsCanceled);
        Assert.Equal(0, clock.PendingTimers);
    }
}
