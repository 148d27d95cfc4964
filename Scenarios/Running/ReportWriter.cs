using System.Globalization;
using System.Text;
using System.Text.Json;
using Failback.Scenarios.Language;

namespace Failback.Scenarios.Running;

/// <summary>Reports as text for people, JSON for machines and JUnit XML for CI systems; times are virtual, so output is reproducible.</summary>
public static class ReportWriter
{
    public static string Text(RunReport r)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"{r.File}: {r.Title} (seed {r.Seed})");
        foreach (var step in r.Steps)
        {
            var mark = step.AsExpected ? "ok  " : "FAIL";
            var error = step.ErrorCode is null ? "" : $" [{step.ErrorCode}{(step.ExpectedError is null ? "" : step.AsExpected ? ", as expected" : $", expected {step.ExpectedError}")}]";
            var missed = step.ExpectedError is not null && step.Succeeded ? $" [expected to fail with {step.ExpectedError}]" : "";
            s.AppendLine(CultureInfo.InvariantCulture, $"  {mark} +{Time(step.Start)} step {step.Index} {step.Kind} (line {step.Line}): {step.Detail}{error}{missed}");
        }
        foreach (var e in r.Expectations)
            s.AppendLine(CultureInfo.InvariantCulture, $"  {(e.Held ? "held" : "FAIL")} expect {e.Index} {e.Kind} (line {e.Line}): expected {e.Expected}; actual {e.Actual}");
        foreach (var v in r.Violations) s.AppendLine(CultureInfo.InvariantCulture, $"  VIOLATION {v}");
        if (r.Aborted is not null) s.AppendLine(CultureInfo.InvariantCulture, $"  ABORTED {r.Aborted}");
        s.AppendLine(CultureInfo.InvariantCulture, $"  {(r.Passed ? "PASSED" : "FAILED")} in {Time(r.VirtualDuration)} of virtual time, {r.TraceEvents} trace events");
        return s.ToString();
    }

    public static string Json(IReadOnlyList<RunReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("passed", reports.All(r => r.Passed));
            w.WriteStartArray("runs");
            foreach (var r in reports) Write(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter w, RunReport r)
    {
        w.WriteStartObject();
        w.WriteString("file", r.File);
        w.WriteString("title", r.Title);
        w.WriteNumber("seed", r.Seed);
        w.WriteBoolean("passed", r.Passed);
        w.WriteString("virtualDuration", Time(r.VirtualDuration));
        w.WriteNumber("traceEvents", r.TraceEvents);
        if (r.Aborted is not null) w.WriteString("aborted", r.Aborted);
        w.WriteStartArray("covers");
        foreach (var c in r.Covers) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var s in r.Steps)
        {
            w.WriteStartObject();
            w.WriteNumber("step", s.Index);
            w.WriteString("kind", s.Kind);
            w.WriteNumber("line", s.Line);
            w.WriteString("start", Time(s.Start));
            w.WriteString("end", Time(s.End));
            w.WriteString("result", s.Succeeded ? "succeeded" : "failed");
            if (s.ErrorCode is not null) w.WriteString("error", s.ErrorCode);
            if (s.ExpectedError is not null) w.WriteString("expectedError", s.ExpectedError);
            w.WriteBoolean("asExpected", s.AsExpected);
            w.WriteString("detail", s.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("expectations");
        foreach (var e in r.Expectations)
        {
            w.WriteStartObject();
            w.WriteNumber("expectation", e.Index);
            w.WriteString("kind", e.Kind);
            w.WriteNumber("line", e.Line);
            w.WriteBoolean("held", e.Held);
            w.WriteString("expected", e.Expected);
            w.WriteString("actual", e.Actual);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("violations");
        foreach (var v in r.Violations) w.WriteStringValue(v);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One test suite per scenario, one test case per step (its virtual duration), per expectation and per violation.</summary>
    public static string JUnit(IReadOnlyList<RunReport> reports) => JUnitWriter.Write([.. reports.Select(r =>
    {
        var replay = $"replay: ./drill replay {r.File} --seed {r.Seed}";
        JUnitCase Case(string name, TimeSpan time, bool ok, string type, string message) =>
            ok ? new(r.File, name, time) : new(r.File, name, time, type, message, replay);
        var cases = r.Steps.Select(st => Case($"step {st.Index} {st.Kind} (line {st.Line})", st.End - st.Start, st.AsExpected, "step",
                st.Detail + (st.ErrorCode is null ? "" : $" [{st.ErrorCode}]")))
            .Concat(r.Expectations.Select(e => Case($"expect {e.Index} {e.Kind} (line {e.Line})", TimeSpan.Zero, e.Held, "expectation", $"expected {e.Expected}; actual {e.Actual}")))
            .Concat(r.Violations.Select(v => Case("invariant", TimeSpan.Zero, false, "invariant", v)))
            .Concat(r.Aborted is null ? [] : [Case("run", TimeSpan.Zero, false, "aborted", r.Aborted)])
            .ToList();
        return new JUnitSuite($"{r.File}: {r.Title}", r.File, r.VirtualDuration, [("seed", r.Seed.ToString(CultureInfo.InvariantCulture))], cases);
    })]);

    public static string Time(TimeSpan t) => t == TimeSpan.Zero ? "0s" : Quantities.FormatDuration(t);
}
