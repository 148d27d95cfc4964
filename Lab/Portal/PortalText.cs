using System.Text.Json;
using Failback.Scenarios.Language;

namespace Failback.Lab.Portal;

/// <summary>How the portal's pages show the API's JSON: a field as text, the virtual clock, a duration, a page's address.</summary>
internal static class PortalText
{
    /// <summary>A field of an API view as text ("" when absent or null).</summary>
    public static string S(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Null ? "" : v.ToString() : "";

    public static string Clock(TimeSpan now) => Quantities.FormatDuration(now);

    /// <summary>A job's or task's duration once it has ended.</summary>
    public static string Duration(JsonElement run) =>
        run.GetProperty("startTime") is { ValueKind: JsonValueKind.String } started && started.TryGetDateTimeOffset(out var start)
        && run.GetProperty("endTime") is { ValueKind: JsonValueKind.String } ended && ended.TryGetDateTimeOffset(out var end)
            ? Quantities.FormatDuration(end - start) : "";

    /// <summary>The address of a portal page of <paramref name="lab"/>: <c>/portal/LAB/PATH</c>, each segment escaped.</summary>
    public static string Url(string lab, params string[] path) =>
        $"/portal/{Uri.EscapeDataString(lab)}" + string.Concat(path.Select(p => "/" + Uri.EscapeDataString(p)));
}
