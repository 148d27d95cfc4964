using Failback.Simulators.Kernel;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Failback.Kernel.Tests.Clock;

/// <summary>
/// The clock against a deliberately naive model (a list scanned for the earliest armed entry): timers with
/// periods whose callbacks re-arm themselves, dispose themselves, change or stop other timers, and arm
/// new ones. Same firing log, same pending count, for any such program.
/// </summary>
public sealed class TimerModelTests
{
    /// <summary>What a timer's callback does when it fires. Kind: 0 nothing, 1 re-arm itself, 2 dispose itself, 3 change another, 4 stop another, 5 create a timer.</summary>
    public sealed record Reaction(int Kind, int Other, int Delay);

    public sealed record TimerSpec(int Due, int Period, Reaction Reaction);

    private static readonly Gen<TimerSpec> Spec =
        from due in Gen.Choose(0, 6)
        from period in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 4)))
        from kind in Gen.Choose(0, 5)
        from other in Gen.Choose(0, 7)
        from delay in Gen.Choose(0, 5)
        select new TimerSpec(due, period, new Reaction(kind, other, delay));

    [Property(MaxTest = 300)]
    public Property Clock_FiresLikeTheNaiveModel() =>
        Prop.ForAll(Gen.Choose(1, 8).SelectMany(n => Spec.ArrayOf(n)).ToArbitrary(), specs =>
        {
            var real = new RealHarness(specs);
            var model = new ModelHarness(specs);
            for (var step = 0; step < 40; step++)
            {
                var fired = real.Step();
                if (fired != model.Step()) return false;
                if (!fired) break;
            }
            return real.Log.SequenceEqual(model.Log) && real.Pending == model.Pending;
        });

    private static TimeSpan Seconds(int s) => TimeSpan.FromSeconds(s);

    private sealed class RealHarness
    {
        private readonly VirtualClock _clock = new();
        private readonly List<ITimer> _timers = [];
        private readonly TimerSpec[] _specs;
        public List<(int Id, TimeSpan At)> Log { get; } = [];

        public RealHarness(TimerSpec[] specs)
        {
            _specs = specs;
            foreach (var spec in specs) Create(spec.Due, spec.Period, spec.Reaction);
        }

        public int Pending => _clock.PendingTimers;
        public bool Step() => _clock.FireNext();

        private void Create(int due, int period, Reaction reaction)
        {
            var id = _timers.Count;
            _timers.Add(null!);
            _timers[id] = _clock.CreateTimer(_ => React(id, reaction), null, Seconds(due), period == 0 ? Timeout.InfiniteTimeSpan : Seconds(period));
        }

        private void React(int id, Reaction r)
        {
            Log.Add((id, _clock.Elapsed));
            switch (r.Kind)
            {
                case 1: _timers[id].Change(Seconds(r.Delay), Timeout.InfiniteTimeSpan); break;
                case 2: _timers[id].Dispose(); break;
                case 3: _timers[r.Other % _timers.Count].Change(Seconds(r.Delay), Timeout.InfiniteTimeSpan); break;
                case 4: _timers[r.Other % _timers.Count].Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan); break;
                case 5 when _timers.Count < 12: Create(r.Delay, 0, new Reaction(0, 0, 0)); break;
            }
        }
    }

    private sealed class ModelHarness
    {
        private sealed class Timer
        {
            public long ArmedSeq;
            public int Period;
            public bool Disposed;
            public required Reaction Reaction;
        }

        private readonly List<Timer> _timers = [];
        private readonly List<(long Due, long Seq, int Id)> _queue = [];
        private long _now, _seq;
        public List<(int Id, TimeSpan At)> Log { get; } = [];

        public ModelHarness(TimerSpec[] specs)
        {
            foreach (var spec in specs) Create(spec.Due, spec.Period, spec.Reaction);
        }

        public int Pending => _timers.Count(t => t.ArmedSeq != 0 && !t.Disposed);

        private void Create(int due, int period, Reaction reaction)
        {
            _timers.Add(new Timer { Reaction = reaction });
            Change(_timers.Count - 1, due, period);
        }

        private void Change(int id, int? due, int period)
        {
            var t = _timers[id];
            if (t.Disposed) return;
            t.ArmedSeq = 0;
            t.Period = period;
            if (due is { } d) Arm(id, d);
        }

        private void Arm(int id, int delay)
        {
            _timers[id].ArmedSeq = ++_seq;
            _queue.Add((_now + Seconds(delay).Ticks, _seq, id));
        }

        public bool Step()
        {
            var live = _queue.Where(e => _timers[e.Id].ArmedSeq == e.Seq && !_timers[e.Id].Disposed).ToList();
            if (live.Count == 0) return false;
            var next = live.OrderBy(e => e.Due).ThenBy(e => e.Seq).First();
            _queue.Remove(next);
            _now = Math.Max(_now, next.Due);
            var t = _timers[next.Id];
            t.ArmedSeq = 0;
            if (t.Period > 0) Arm(next.Id, t.Period);
            React(next.Id, t.Reaction);
            return true;
        }

        private void React(int id, Reaction r)
        {
            Log.Add((id, new TimeSpan(_now)));
            switch (r.Kind)
            {
                case 1: Change(id, r.Delay, 0); break;
                case 2: _timers[id].Disposed = true; _timers[id].ArmedSeq = 0; break;
                case 3: Change(r.Other % _timers.Count, r.Delay, 0); break;
                case 4: Change(r.Other % _timers.Count, null, 0); break;
                case 5 when _timers.Count < 12: Create(r.Delay, 0, new Reaction(0, 0, 0)); break;
            }
        }
    }
}
