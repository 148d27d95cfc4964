using Failback.Engine.Ports;
using Failback.Simulators.Kernel;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Kernel.Tests.Clock;

public sealed class VirtualTimerTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    /// <summary>Timers with random due times (few distinct values, so many ties) fire in (due, creation) order.</summary>
    [Property(MaxTest = 200)]
    public Property Timers_FireInTimeOrder_TiesInCreationOrder() =>
        Prop.ForAll(Gen.Choose(0, 5).ListOf().ToArbitrary(), dues =>
        {
            var clock = new VirtualClock();
            var fired = new List<(int Index, TimeSpan At)>();
            for (var i = 0; i < dues.Count; i++)
            {
                var index = i;
                clock.CreateTimer(_ => fired.Add((index, clock.Elapsed)), null, TimeSpan.FromSeconds(dues[i]), Never);
            }
            while (clock.FireNext()) { }

            var expected = dues.Select((due, index) => (index, TimeSpan.FromSeconds(due))).OrderBy(x => x.Item2).ToList(); // OrderBy is stable
            return fired.SequenceEqual(expected) && clock.PendingTimers == 0;
        });

    [Fact]
    public void Clock_StartsAtEpoch_AndTimeMovesOnlyWhenATimerFires()
    {
        var clock = new VirtualClock(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(new DateTimeOffset(2030, 5, 1, 10, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);

        clock.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(7), Never);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(7), clock.NextDue);

        Assert.True(clock.FireNext());
        Assert.Equal(TimeSpan.FromMinutes(7), clock.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(7), clock.GetElapsedTime(0, clock.GetTimestamp()));
        Assert.False(clock.FireNext());
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public void FireNext_RespectsTheLimit()
    {
        var clock = new VirtualClock();
        var fired = 0;
        clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Never);

        Assert.False(clock.FireNext(TimeSpan.FromSeconds(9)));
        Assert.Equal(0, fired);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.True(clock.FireNext(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void PeriodicTimer_FiresEveryPeriod_UntilDisposed()
    {
        var clock = new VirtualClock();
        var at = new List<TimeSpan>();
        var timer = clock.CreateTimer(_ => at.Add(clock.Elapsed), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

        for (var i = 0; i < 4; i++) Assert.True(clock.FireNext());
        Assert.Equal(new[] { 5, 15, 25, 35 }.Select(s => TimeSpan.FromSeconds(s)), at);
        Assert.Equal(1, clock.PendingTimers);

        timer.Dispose();
        Assert.Equal(0, clock.PendingTimers);
        Assert.False(clock.FireNext());
        Assert.False(timer.Change(TimeSpan.Zero, Never)); // a disposed timer cannot be re-armed
        Assert.False(clock.FireNext());
        timer.Dispose(); // idempotent
    }

    [Fact]
    public void ZeroPeriod_IsOneShot()
    {
        var clock = new VirtualClock();
        var fired = 0;
        clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        while (clock.FireNext()) { }
        Assert.Equal(1, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Change_MovesTheDueTime_AndTheOldEntryNeverFires()
    {
        var clock = new VirtualClock();
        var at = new List<TimeSpan>();
        var timer = clock.CreateTimer(_ => at.Add(clock.Elapsed), null, TimeSpan.FromSeconds(10), Never);

        Assert.True(timer.Change(TimeSpan.FromSeconds(30), Never));
        Assert.Equal(1, clock.PendingTimers);
        while (clock.FireNext()) { }
        Assert.Equal([TimeSpan.FromSeconds(30)], at);

        // Change from inside the callback: relative to the firing instant.
        var other = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Never);
        Assert.True(other.Change(Never, Never)); // stopped, not disposed
        Assert.Equal(0, clock.PendingTimers);
        Assert.False(clock.FireNext());
        Assert.True(other.Change(TimeSpan.FromSeconds(2), Never));
        Assert.True(clock.FireNext());
        Assert.Equal(TimeSpan.FromSeconds(32), clock.Elapsed);
    }

    [Fact]
    public void Change_WithABadDueTime_IsRefusedAndLeavesTheTimerArmed()
    {
        var clock = new VirtualClock();
        var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(10), Never);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromSeconds(-1), Never));
        Assert.Contains("due time", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.Zero, TimeSpan.FromSeconds(-5)));

        Assert.Equal(1, clock.PendingTimers);
        Assert.Equal(TimeSpan.FromSeconds(10), clock.NextDue);
    }

    [Fact]
    public void ThrowingCallback_LeavesTheQueueConsistent()
    {
        var clock = new VirtualClock();
        var fired = new List<string>();
        var periodic = clock.CreateTimer(_ => { fired.Add("periodic"); throw new InvalidOperationException("boom"); }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        clock.CreateTimer(_ => fired.Add("one-shot"), null, TimeSpan.FromSeconds(2), Never);

        Assert.Throws<InvalidOperationException>(() => clock.FireNext());
        Assert.Equal(TimeSpan.FromSeconds(2), clock.NextDue);
        Assert.Equal(2, clock.PendingTimers);
        Assert.True(clock.FireNext());
        Assert.Throws<InvalidOperationException>(() => clock.FireNext()); // the periodic timer again, at 6 s
        Assert.True(periodic.Change(TimeSpan.FromSeconds(1), Never)); // re-armed right after it threw
        Assert.Throws<InvalidOperationException>(() => clock.FireNext());
        Assert.Equal(TimeSpan.FromSeconds(7), clock.Elapsed);
        Assert.False(clock.FireNext());
        Assert.Equal(["periodic", "one-shot", "periodic", "periodic"], fired);
    }

    [Fact]
    public void TimerCallback_RearmingItself_IsRelativeToTheFiringInstant()
    {
        var clock = new VirtualClock();
        ITimer? timer = null;
        var at = new List<TimeSpan>();
        timer = clock.CreateTimer(_ =>
        {
            at.Add(clock.Elapsed);
            if (at.Count < 3) timer!.Change(TimeSpan.FromMinutes(at.Count), Never);
        }, null, TimeSpan.FromMinutes(1), Never);

        while (clock.FireNext()) { }
        Assert.Equal(new[] { 1, 2, 4 }.Select(m => TimeSpan.FromMinutes(m)), at);
    }

    /// <summary>24 virtual hours with thousands of timers: exact event counts, no wall-clock waiting needed.</summary>
    [Fact]
    public void DayLongRun_WithThousandsOfTimers_FiresEveryEventAtItsVirtualTime()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        var day = TimeSpan.FromHours(24);
        const int periodic = 2_000;
        long periodicFirings = 0, delays = 0, late = 0;
        var timers = new List<ITimer>();
        for (var i = 0; i < periodic; i++)
        {
            var period = TimeSpan.FromSeconds(60 + i); // 1..34 minutes
            timers.Add(sim.Clock.CreateTimer(_ => periodicFirings++, null, period, period));
        }
        var expectedPeriodic = Enumerable.Range(0, periodic).Sum(i => (long)(day.Ticks / TimeSpan.FromSeconds(60 + i).Ticks));

        // And 500 simulated components, each waiting random delays through the Delay extension.
        for (var c = 0; c < 500; c++)
        {
            var choices = sim.Choices.Stream($"component-{c}");
            sim.Spawn($"component-{c}", async () =>
            {
                while (true)
                {
                    var delay = choices.Between(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
                    if (sim.Clock.Elapsed + delay > day) return;
                    var due = sim.Clock.Elapsed + delay;
                    await sim.Clock.Delay(delay);
                    if (sim.Clock.Elapsed != due) late++;
                    delays++;
                }
            });
        }

        sim.Run(day);

        Assert.Equal(day, sim.Clock.Elapsed);
        Assert.Equal(expectedPeriodic, periodicFirings);
        Assert.True(delays > 500 * 24, $"only {delays} delays completed");
        Assert.Equal(0, late);
        Assert.Equal(periodic, sim.Clock.PendingTimers);
        foreach (var t in timers) t.Dispose();
        Assert.Equal(0, sim.Clock.PendingTimers);
    }
}
