using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Failback.Lab.Journal;
using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Failback.Scenarios.Steps;
using Failback.Scenarios.World;
using Failback.Simulators.Kernel;
using YamlDotNet.RepresentationModel;

namespace Failback.Lab.Sessions;

/// <summary>
/// One live lab: the drill's world on the deterministic kernel, driven by one dedicated thread. Callers post work to that
/// thread through a channel; it applies commands at the current virtual instant between kernel slices, and in a paced
/// lab advances virtual time at <see cref="Speed"/> times the wall clock in small slices. Every command and time advance
/// is committed to the journal before it is answered; opening a lab replays the journal, so the lab is rebuilt exactly
/// (same trace hash).
/// </summary>
public sealed class LabSession : IDisposable
{
    /// <summary>A paced lab wakes this often (wall time) to advance virtual time, when no command comes first.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>A paced lab journals its progress this often (wall time): a killed host loses at most this much unacknowledged time.</summary>
    private static readonly TimeSpan JournalEvery = TimeSpan.FromSeconds(1);

    private readonly LabJournal _journal;
    private readonly Channel<Action> _inbox = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<LabAction> _actions = [];
    private readonly List<(TimeSpan At, string Json)> _faults = [];
    private readonly List<StepResult> _results = [];
    private readonly Dictionary<int, (string Actual, TimeSpan At)> _reached = [];
    private Task? _thread;
    private volatile bool _stop;
    private volatile bool _closed;
    private long _nowTicks;
    private long _behindTicks;
    private double _speed;
    private bool _paused;
    private string? _failure;

    // Owned by the lab's thread once started.
    private Simulation? _sim;
    private DrillWorld? _world;
    private RunFolder? _folder;
    private TraceHash? _hash;
    private int _steps;
    private (LabAction Action, Func<StepResult?> Result)? _running;
    private long _wallMark;
    private TimeSpan _virtualMark;

    private LabSession(LabJournal journal, LabDrill drill)
    {
        _journal = journal;
        Drill = drill;
        Name = journal.Setting(LabSettings.Name) ?? Path.GetFileNameWithoutExtension(journal.Path);
        Seed = ulong.Parse(journal.Setting(LabSettings.Seed) ?? "1", CultureInfo.InvariantCulture);
        _speed = double.Parse(journal.Setting(LabSettings.Speed) ?? "0", CultureInfo.InvariantCulture);
        _paused = journal.Setting(LabSettings.Paused) == "true";
    }

    public string Name { get; }
    public ulong Seed { get; }
    /// <summary>The drill the lab was created from (its topology, starting steps and objectives).</summary>
    public LabDrill Drill { get; }
    /// <summary>Virtual time since the world was ready (the drill's time 0).</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _nowTicks));
    /// <summary>Virtual time per wall-clock time; 0 for a manual lab (time advances only when the instructor says).</summary>
    public double Speed => Volatile.Read(ref _speed);
    public bool Manual => Speed == 0;
    public bool Paused => Volatile.Read(ref _paused);
    /// <summary>When the drill's starting steps had ended: the session's first instant.</summary>
    public TimeSpan Start { get; private set; }
    /// <summary>How far a paced lab's virtual time is behind its pace (zero when it keeps up).</summary>
    public TimeSpan Behind => TimeSpan.FromTicks(Interlocked.Read(ref _behindTicks));
    /// <summary>
    /// Grows whenever the lab's world may have changed (the kernel ran, a fault was armed): two reads at the same version
    /// see the same state, which lets the ARM API keep answers (<c>Lab/Arm/ReadCache</c>).
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    private long _version;

    /// <summary>Why the lab's simulation stopped (a simulated task failed), or null while it runs.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Opens a lab from its journal: builds the drill's world, runs its steps, replays every entry, then starts its thread's loop.</summary>
    internal static async Task<LabSession> OpenAsync(LabJournal journal)
    {
        var drill = LabDrill.Parse(journal.Setting(LabSettings.File) ?? "lab.yaml", journal.Setting(LabSettings.Drill) ?? "");
        var session = new LabSession(journal, drill);
        session._thread = Task.Factory.StartNew(session.Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await session._ready.Task;
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    /// <summary>
    /// Applies a step or fault of the drill language at the current virtual instant. Bad input (unknown step, VM or
    /// field; a trainee's fault) throws <see cref="LabInputException"/> and journals nothing. Otherwise the command is
    /// journaled, then applied: a step that takes virtual time answers <see cref="LabOutcome.Accepted"/> once started.
    /// With <paramref name="preflight"/> (ASR's REST API), a step whose operation the vault refuses before any job throws
    /// <see cref="LabInputException"/> with ASR's error and leaves the lab unchanged; without it (the lab's own API and the
    /// portal, as ASR's portal does) the refusal is the trainee's journaled mistake, a failed job for a prerequisite.
    /// </summary>
    public Task<LabResult> SubmitAsync(LabCommand command, LabRole role, bool preflight = false) =>
        Post(() => command.Kind == LabCommandKind.Step ? ApplyStep(command.Json, role, journal: true, preflight) : ApplyFault(command.Json, role, journal: true));

    /// <summary>Reads the world on the lab's thread between kernel slices: a consistent snapshot at <see cref="Now"/>.</summary>
    public Task<T> ReadAsync<T>(Func<DrillWorld, T> read) => Post(() => read(_world!));

    /// <summary>Advances virtual time by <paramref name="by"/> (whole milliseconds) now, in a paced lab too (an instructor's jump).</summary>
    public Task AdvanceAsync(TimeSpan by) => Post(() =>
    {
        if (by <= TimeSpan.Zero || by > Quantities.MaxDuration)
            throw new LabInputException("InvalidDuration", $"Advance by a positive duration up to {Quantities.FormatDuration(Quantities.MaxDuration)}, not {by}.");
        ThrowIfFailed();
        RunTo(CeilMs(Now + by));
        _journal.Append(Now, LabEntryKind.Advance, LabRole.Instructor);
        CheckObjectives();
        MarkPace();
        return true;
    });

    /// <summary>Stops a paced lab's time (a manual lab's never moves by itself).</summary>
    public Task PauseAsync() => Post(() => SetPace(LabEntryKind.Pause, paused: true, Speed));

    public Task ResumeAsync() => Post(() => SetPace(LabEntryKind.Resume, paused: false, Speed));

    /// <summary>Sets the pace: virtual seconds per wall second, or 0 for manual time.</summary>
    public Task SetSpeedAsync(double speed) => Post(() =>
    {
        if (!double.IsFinite(speed) || speed < 0 || speed > LabSettings.MaxSpeed)
            throw new LabInputException("InvalidSpeed", $"The speed is a number of virtual seconds per wall second from 0 (manual) to {LabSettings.MaxSpeed}, not {speed}.");
        return SetPace(LabEntryKind.Speed, Paused, speed);
    });

    /// <summary>The SHA-256 of the lab's trace so far (the scratch folder named $RUN): equal for a lab and its replay.</summary>
    public Task<string> TraceHashAsync() => Post(() =>
    {
        // The hash answers for the lab at this instant: the instant is journaled, so a restarted lab reaches it again.
        _journal.Append(Now, LabEntryKind.Advance, LabRole.Instructor);
        CheckObjectives();
        _sim!.Trace.Flush();
        return _hash!.Current;
    });

    /// <summary>The commands applied so far, in order (the trainee's and the instructor's).</summary>
    public Task<IReadOnlyList<LabAction>> ActionsAsync() => Post(() => (IReadOnlyList<LabAction>)[.. _actions]);

    /// <summary>The faults injected so far, each with the virtual time it is armed, as fault entries of the drill language.</summary>
    public Task<IReadOnlyList<(TimeSpan At, string Json)>> FaultsAsync() => Post(() => (IReadOnlyList<(TimeSpan, string)>)[.. _faults]);

    /// <summary>
    /// Each objective of the exercise: reached once its expectation held when a session step ended or at a journaled time
    /// advance (so a replayed lab reaches the same ones at the same instants); a milestone stays reached, as the first
    /// failover stays done after the machine fails back. <see cref="LabObjectiveState.Actual"/> is the value now.
    /// </summary>
    public Task<IReadOnlyList<LabObjectiveState>> ObjectivesAsync() => Post(() => (IReadOnlyList<LabObjectiveState>)[.. Drill.Objectives.Select(o =>
    {
        var now = Check(o);
        return _reached.TryGetValue(o.Index, out var reached) ? now with { Held = true, ReachedAt = reached.At } : now with { Held = false };
    })]);

    private LabObjectiveState Check(LabObjective o)
    {
        try
        {
            var verdict = o.Expectation.Check(_world!, _results);
            return new LabObjectiveState(o, verdict.Held, _folder!.Relative(verdict.Actual));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new LabObjectiveState(o, false, _folder!.Relative(e.Message));
        }
    }

    /// <summary>Latches the objectives that hold when a step ends (on replay too, so a restarted lab keeps its score).</summary>
    private void CheckObjectives()
    {
        foreach (var o in Drill.Objectives.Where(o => !_reached.ContainsKey(o.Index)))
            if (Check(o) is { Held: true } state) _reached[o.Index] = (state.Actual, Now);
    }

    private Task<T> Post<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stop || !_inbox.Writer.TryWrite(() =>
            {
                try
                {
                    if (_closed) throw new LabInputException("LabClosed", $"The lab '{Name}' is closed.", 409);
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }))
            done.SetException(new LabInputException("LabClosed", $"The lab '{Name}' is closed.", 409));
        return done.Task;
    }

    private Task Post(Func<bool> work) => Post<bool>(work);

    // ---- the lab's thread ----

    private void Loop()
    {
        try
        {
            Build();
            Replay();
            _ready.SetResult();
        }
        catch (Exception e)
        {
            _ready.SetException(e is LabInputException or ScenarioError ? e : new LabInputException("LabBroken", $"The lab '{Name}' could not be rebuilt from its journal: {e.Message}", 500));
            Close();
            return;
        }
        MarkPace();
        var journaled = TimeProvider.System.GetTimestamp();
        while (!_stop)
        {
            while (_inbox.Reader.TryRead(out var work)) work();
            if (_stop) break;
            if (Paced)
            {
                var target = PacedTarget();
                // A slice is at most a tenth of a wall second of virtual time, so commands wait at most that long.
                var slice = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / 10 * Speed));
                if (target > Now) RunTo(FloorMs(TimeSpan.FromTicks(Math.Min(target.Ticks, (Now + slice).Ticks))));
                Interlocked.Exchange(ref _behindTicks, Math.Max(0, (PacedTarget() - Now).Ticks));
                if (TimeProvider.System.GetElapsedTime(journaled) >= JournalEvery)
                {
                    _journal.Append(Now, LabEntryKind.Advance, LabRole.Instructor);
                    CheckObjectives();
                    journaled = TimeProvider.System.GetTimestamp();
                }
                if (Behind < TimeSpan.FromTicks(slice.Ticks)) Wait(Tick);
            }
            else Wait(Timeout.InfiniteTimeSpan);
        }
        if (Paced && Failure is null) _journal.Append(Now, LabEntryKind.Advance, LabRole.Instructor);
        Close();
    }

    private bool Paced => !Manual && !Paused && Failure is null;

    private TimeSpan PacedTarget() => _virtualMark + TimeProvider.System.GetElapsedTime(_wallMark) * Speed;

    private void MarkPace()
    {
        _wallMark = TimeProvider.System.GetTimestamp();
        _virtualMark = Now;
    }

    private void Wait(TimeSpan timeout)
    {
        var ready = _inbox.Reader.WaitToReadAsync().AsTask();
        ready.Wait(timeout);
    }

    private void Build()
    {
        _folder = new RunFolder(keep: false);
        _hash = new TraceHash(_folder.Path);
        _sim = new Simulation(new SimulationOptions { Seed = Seed, TraceOutput = _hash });
        var bound = Drill.Bound;
        string? stopped = null;
        _sim.Run(async () =>
        {
            _world = await DrillWorld.BuildAsync(_sim, _folder, bound.Topology);
            foreach (var fault in bound.Faults.Where(f => f.AtStep is null))
                _sim.Faults.Add(fault.ArmedAt(_world.Origin + (fault.At ?? TimeSpan.Zero)));
            foreach (var step in bound.Steps)
            {
                foreach (var fault in bound.Faults.Where(f => f.AtStep == step.Item.Index + 1))
                    _sim.Faults.Add(fault.ArmedAt(_sim.Clock.Elapsed));
                var result = await ScenarioRunner.RunStepAsync(_world, step);
                _results.Add(result);
                _steps++;
                if (!result.AsExpected)
                {
                    stopped = $"{Drill.File}: step {result.Index} ({result.Kind}, line {result.Line}) did not end as the drill expects: {result.ErrorCode ?? "succeeded"}: {result.Detail}";
                    return;
                }
            }
        });
        if (stopped is not null) throw new LabInputException("LabDrillFailed", $"The lab's starting steps do not run: {stopped}. A lab starts from a drill whose steps all end as expected.");
        Interlocked.Exchange(ref _nowTicks, _world!.Now.Ticks);
        Start = Now;
    }

    private void Replay()
    {
        foreach (var entry in _journal.Entries())
        {
            if (entry.At < Now) throw new LabInputException("BadJournal", $"{_journal.Path}: entry {entry.Seq} is at +{entry.At:c}, before the lab's time +{Now:c}.");
            RunTo(entry.At);
            switch (entry.Kind)
            {
                case LabEntryKind.Step: ApplyStep(entry.Body, entry.Role, journal: false); break;
                case LabEntryKind.Fault: ApplyFault(entry.Body, entry.Role, journal: false); break;
                case LabEntryKind.Pause: _paused = true; break;
                case LabEntryKind.Resume: _paused = false; break;
                case LabEntryKind.Speed: _speed = double.Parse(entry.Body, CultureInfo.InvariantCulture); break;
                case LabEntryKind.Advance: CheckObjectives(); break;
            }
            if (Failure is not null) return;
        }
    }

    /// <summary>Runs the kernel until the lab's virtual time <paramref name="at"/>; a failure of the simulation stops the lab.</summary>
    private void RunTo(TimeSpan at)
    {
        if (Failure is not null) return;
        try
        {
            _sim!.Run(_world!.Origin + at);
        }
        catch (SimulationException e)
        {
            Volatile.Write(ref _failure, _folder!.Relative(e.Message));
        }
        Interlocked.Exchange(ref _nowTicks, _world!.Now.Ticks);
        Interlocked.Increment(ref _version);
        if (_running is { } running && running.Result() is { } ended)
        {
            Finish(running.Action, ended);
            _running = null;
        }
    }

    private void ThrowIfFailed()
    {
        if (Failure is { } failure) throw new LabInputException("LabFailed", $"The lab's simulation stopped: {failure}", 409);
    }

    private bool SetPace(LabEntryKind kind, bool paused, double speed)
    {
        ThrowIfFailed();
        _journal.Append(Now, kind, LabRole.Instructor, kind == LabEntryKind.Speed ? speed.ToString(CultureInfo.InvariantCulture) : "");
        _journal.SetSetting(LabSettings.Paused, paused ? "true" : "false");
        _journal.SetSetting(LabSettings.Speed, speed.ToString(CultureInfo.InvariantCulture));
        Volatile.Write(ref _paused, paused);
        Volatile.Write(ref _speed, speed);
        MarkPace();
        return true;
    }

    private LabResult ApplyStep(string json, LabRole role, bool journal, bool preflight = false)
    {
        ThrowIfFailed();
        var item = CommandItem(json, _steps);
        if (item.Kind == "wait")
            throw new LabInputException("InvalidStep", "In a lab, time passes by itself (a paced lab) or when the instructor advances it; 'wait' is a drill's step.");
        // ASR's Cancel acts on a running job: cancel-job is the one step taken while another's job runs, and it ends at once.
        var cancel = item.Kind == CancelJob;
        if (cancel && item.Args.IsMap && item.Args.AsMap().Has("after"))
            throw new LabInputException("InvalidStep", "In a lab, cancel-job cancels now: send it when the job should stop ('after' is a drill's field).");
        if (_running is { } running && !cancel)
            throw new LabInputException("StepInProgress", $"Step {running.Action.Step} ({running.Action.Name}) started at +{running.Action.At:c} is still running; send the next step when it has ended (its job progresses as time passes), or cancel-job to stop its job.", 409);
        BoundStep step;
        try
        {
            step = StepBinder.Bind(item, Drill.Bound.Topology);
        }
        catch (ScenarioError e)
        {
            throw new LabInputException("InvalidStep", e.Reason);
        }
        // ASR refuses an operation whose prerequisites fail before it makes a job: asked in a probe, the lab stays as it was.
        if (preflight && Preflight(step) is { } refusal) throw LabInputException.Refused(refusal);
        if (journal) _journal.Append(Now, LabEntryKind.Step, role, json);
        _steps++;
        var action = new LabAction(_steps, role, LabCommandKind.Step, item.Kind, json, Now);
        _actions.Add(action);
        StepResult? result = null;
        _sim!.Spawn($"lab step {_steps}", async () => result = await ScenarioRunner.RunStepAsync(_world!, step));
        // The step starts at this instant: it answers once it has ended or waits for virtual time (a job).
        RunTo(Now);
        if (result is null)
        {
            _running = (action, () => result);
            return LabResult.Accepted(action.Step, action.At);
        }
        Finish(action, result);
        return new LabResult(action.Outcome, action.Step, action.At, result.Succeeded ? result.Detail : null, action.Code, result.Succeeded ? null : result.Detail);
    }

    /// <summary>
    /// The vault's answer to the step's operation before any job, read in the kernel's Probe at this instant (no time passes,
    /// nothing is traced or counted); null when it would pass, or when the step starts no operation on machines. A
    /// preflight that cannot decide (it waited on other work) leaves the verdict to the job's own first task.
    /// </summary>
    private Engine.Orchestration.Errors.AsrError? Preflight(BoundStep step)
    {
        if (step.Preflight is not { } preflight || _world?.Vault is null) return null;
        try
        {
            return _sim!.Probe(_ => preflight(_world));
        }
        catch (Exception e) when (e is InvalidOperationException or Scenarios.Steps.StepFailure)
        {
            return null;
        }
    }

    /// <summary>The step that cancels a machine's running job (ASR's job action Cancel).</summary>
    internal const string CancelJob = "cancel-job";

    private void Finish(LabAction action, StepResult result)
    {
        _results.Add(result);
        CheckObjectives();
        action.End = result.End;
        action.Outcome = result.Succeeded ? LabOutcome.Done : LabOutcome.Refused;
        action.Code = result.ErrorCode;
        action.Detail = result.Detail;
    }

    private LabResult ApplyFault(string json, LabRole role, bool journal)
    {
        ThrowIfFailed();
        if (role != LabRole.Instructor) throw new LabInputException("AuthorizationFailed", "Only the lab's instructor injects faults.", 403);
        if (JsonNode.Parse(json) is not JsonObject fault)
            throw new LabInputException("InvalidFault", "A fault is a JSON object of the fault fields (target, operation, object, fault, delay, at, for, ...).");
        if (fault.ContainsKey("at-step"))
            throw new LabInputException("InvalidFault", "In a lab, a fault is armed now or 'at' a virtual time; 'at-step' is for drills.");
        var at = CeilMs(Now);
        if (fault["at"] is { } atNode)
        {
            if (atNode.GetValueKind() != System.Text.Json.JsonValueKind.String || !Quantities.TryParseDuration(atNode.GetValue<string>(), out at))
                throw new LabInputException("InvalidFault", $"'at' is a virtual time since the lab's start such as 2h30m, not {atNode.ToJsonString()}.");
            if (at < Now) throw new LabInputException("InvalidFault", $"'at' +{at:c} is past: the lab is at +{Now:c}; leave 'at' out to arm the fault now.");
        }
        fault["at"] = Quantities.FormatDuration(at);
        var resolved = fault.ToJsonString();
        BoundFault bound;
        try
        {
            bound = BoundFault.Bind(CommandItem(resolved, _faults.Count, "fault"), Math.Max(1, _steps));
        }
        catch (ScenarioError e)
        {
            throw new LabInputException("InvalidFault", e.Reason);
        }
        if (journal) _journal.Append(Now, LabEntryKind.Fault, role, resolved);
        _sim!.Faults.Add(bound.ArmedAt(_world!.Origin + at));
        Interlocked.Increment(ref _version);
        _faults.Add((at, resolved));
        var action = new LabAction(_steps, role, LabCommandKind.Fault, "fault", resolved, Now)
        {
            End = Now, Outcome = LabOutcome.Done, Detail = $"fault rule armed at +{Quantities.FormatDuration(at)}",
        };
        _actions.Add(action);
        return new LabResult(LabOutcome.Done, action.Step, action.At, action.Detail, null, null);
    }

    /// <summary>A command's JSON read as the drill language reads one entry (JSON is YAML), with positions for its errors.</summary>
    private static ScenarioItem CommandItem(string json, int index, string? kind = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(json));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new LabInputException("BadRequest", $"The command cannot be read: {e.Message}");
        }
        var node = new Node("command", stream.Documents[0].RootNode, kind ?? "step");
        try
        {
            if (kind is not null) return new ScenarioItem(index, kind, node, node);
            if (node.IsScalar) return new ScenarioItem(index, node.AsString(), node, node);
            var map = node.AsMap();
            if (map.Entries.Count != 1)
                throw new LabInputException("InvalidStep", $"A step is a JSON object with exactly one key naming its kind (e.g. {{\"failover\": {{\"vm\": \"app-01\"}}}}); this one has {map.Entries.Count}.");
            var (name, _, args) = map.Entries[0];
            return new ScenarioItem(index, name, args, node);
        }
        catch (ScenarioError e)
        {
            throw new LabInputException("InvalidStep", e.Reason);
        }
    }

    private static TimeSpan CeilMs(TimeSpan t) => TimeSpan.FromTicks((t.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);

    private static TimeSpan FloorMs(TimeSpan t) => TimeSpan.FromTicks(t.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);

    private void Close()
    {
        _closed = true;
        try
        {
            _world?.Dispose();
            _sim?.Dispose();
        }
        finally
        {
            _folder?.Dispose();
            _hash?.Dispose();
            _journal.Dispose();
            // Whatever was posted after the loop ended is answered, not left waiting.
            _inbox.Writer.TryComplete();
            while (_inbox.Reader.TryRead(out var work)) work();
        }
    }

    /// <summary>Stops the lab's thread (a paced lab journals the time it reached) and frees its world; the journal stays.</summary>
    public void Dispose()
    {
        if (_stop) return;
        _stop = true;
        _inbox.Writer.TryWrite(() => { });
        _thread?.Wait();
    }
}
