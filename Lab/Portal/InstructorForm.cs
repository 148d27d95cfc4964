using System.Text.Json.Nodes;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>The instructor console's forms as the API's bodies: a time control (<c>POST .../time</c>) and a fault entry (<c>POST .../faults</c>).</summary>
internal static class InstructorForm
{
    private static readonly string[] FaultFields = ["target", "fault", "operation", "object", "at", "for"];

    /// <summary><c>{"advance": "30m"}</c>, <c>{"speed": 60}</c> or <c>{"pause": true}</c>, whichever the form gave.</summary>
    public static JsonObject Time(IFormCollection form)
    {
        if (form["advance"].ToString() is { Length: > 0 } advance) return new JsonObject { ["advance"] = advance };
        if (form["speed"].ToString() is { Length: > 0 } speed)
            return double.TryParse(speed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
                ? new JsonObject { ["speed"] = x }
                : throw new LabInputException("BadRequest", $"The speed is a number (times the wall clock, 0 for manual time); not '{Http.LabApi.Printable(speed)}'.");
        if (form["pause"].ToString() is "true" or "false") return new JsonObject { ["pause"] = form["pause"] == "true" };
        throw new LabInputException("BadRequest", "Give a duration to advance by, a speed, or pause.");
    }

    /// <summary>What a time control did, for the console's notice.</summary>
    public static string Said(JsonObject time) => time.First() switch
    {
        ("advance", var by) => $"Advanced by {by}.",
        ("speed", var x) => $"Speed set to {x}.",
        (_, var pause) => pause!.GetValue<bool>() ? "Paused." : "Resumed.",
    };

    /// <summary>One fault entry of the language from the console's fields; empty fields are left out (their defaults apply).</summary>
    public static JsonObject Fault(IFormCollection form)
    {
        var fault = new JsonObject();
        foreach (var field in FaultFields)
            if (form[field].ToString() is { Length: > 0 } value) fault[field] = value;
        return fault;
    }
}
