using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Failback.Simulators.Kernel;

/// <summary>
/// Structured events as JSON lines: virtual time, source, kind, then the fields in the order given.
/// Only virtual time and the given values are written, so one seed gives byte-identical files.
/// </summary>
public sealed class Trace : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly Utf8JsonWriter _writer;
    private readonly List<Action<TraceEvent>> _listeners = [];

    public Trace(TimeProvider clock, Stream? output = null, bool ownsOutput = false)
    {
        _clock = clock;
        _output = output ?? Stream.Null;
        _ownsOutput = ownsOutput && output is not null;
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { Indented = false, SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public long Count { get; private set; }

    /// <summary>Called with every event, for checkers and reports that watch the run.</summary>
    public void Subscribe(Action<TraceEvent> listener) => _listeners.Add(listener);

    public void Emit(string source, string kind, params (string Key, object? Value)[] fields)
    {
        if (_clock is VirtualClock { Frozen: true }) return; // a probe leaves no trace
        var now = _clock.GetUtcNow();
        Count++;
        if (_output != Stream.Null)
        {
            _writer.Reset(_output);
            _writer.WriteStartObject();
            _writer.WriteString("t", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            _writer.WriteString("src", source);
            _writer.WriteString("kind", kind);
            foreach (var (key, value) in fields) WriteValue(key, value);
            _writer.WriteEndObject();
            _writer.Flush();
            _output.WriteByte((byte)'\n');
        }
        if (_listeners.Count > 0)
        {
            var e = new TraceEvent(now, source, kind, fields);
            foreach (var listener in _listeners) listener(e);
        }
    }

    private void WriteValue(string key, object? value)
    {
        switch (value)
        {
            case null: _writer.WriteNull(key); break;
            case string s: _writer.WriteString(key, s); break;
            case bool b: _writer.WriteBoolean(key, b); break;
            case int i: _writer.WriteNumber(key, i); break;
            case long l: _writer.WriteNumber(key, l); break;
            case ulong u: _writer.WriteNumber(key, u); break;
            case double d: _writer.WriteNumber(key, d); break;
            case TimeSpan ts: _writer.WriteNumber(key, ts.TotalSeconds); break;
            case DateTimeOffset dto: _writer.WriteString(key, dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)); break;
            case Enum e: _writer.WriteString(key, e.ToString()); break;
            case IFormattable f: _writer.WriteString(key, f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: _writer.WriteString(key, value.ToString()); break;
        }
    }

    public void Flush() => _output.Flush();

    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsOutput) _output.Dispose();
    }
}

public sealed record TraceEvent(DateTimeOffset Time, string Source, string Kind, IReadOnlyList<(string Key, object? Value)> Fields)
{
    public object? this[string key] => Fields.FirstOrDefault(f => f.Key == key).Value;
}
