using System.Text.Json;
using System.Text.Json.Nodes;
using Failback.Lab.Sessions;
using Failback.Scenarios.Language;
using Microsoft.AspNetCore.Http.Features;

namespace Failback.Lab.Http;

/// <summary>
/// The lab's JSON API, versioned under <c>/lab/v1</c>. Every route names a lab and takes its trainee or instructor
/// token (<c>Authorization: Bearer TOKEN</c>); a token opens only its own lab. Bad input is a 4xx with an ARM-shaped
/// error body and journals nothing. Routes are listed in README.md ("The lab").
/// </summary>
public static class LabApi
{
    /// <summary>A command is a few hundred bytes; a request body is at most this large.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public const string Prefix = "/lab/v1/labs/{lab}";

    public static void Map(WebApplication app, LabRegistry registry)
    {
        // The class: every lab of the host with its score, for the host's control token (the class token) only.
        app.MapGet("/lab/v1/labs", async (HttpContext c) =>
        {
            var header = c.Request.Headers.Authorization.ToString();
            if (!ClassView.Opens(registry, header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null))
                return ApiError.Of(401, "AuthenticationFailed", "The list of labs needs the class token that 'drill lab serve' prints (a lab's own token opens only that lab).");
            try
            {
                return Results.Json(await ClassView.OfAsync(registry));
            }
            catch (LabInputException e)
            {
                return ApiError.Of(e.Status, e.Code, e.Message);
            }
        });
        var labs = app.MapGroup(Prefix);
        labs.MapGet("", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await StatusAsync(s))));
        labs.MapGet("/items", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(WorldViews.Items))));
        labs.MapGet("/items/{vm}/recovery-points", (HttpContext c, string lab, string vm) => Handle(c, registry, lab, LabRole.Trainee, async s =>
            await s.ReadAsync(w => WorldViews.RecoveryPoints(w, vm)) is { } points ? Results.Json(points)
                : ApiError.Of(404, "ProtectedItemNotFound", $"The vault has no item named '{Printable(vm)}'.")));
        labs.MapGet("/jobs", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(WorldViews.Jobs))));
        labs.MapGet("/vsphere", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(WorldViews.VSphere))));
        labs.MapGet("/azure", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(WorldViews.Azure))));
        labs.MapGet("/vsphere/tasks", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(w => WorldViews.Tasks(w)))));
        labs.MapGet("/plans", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s => Results.Json(await s.ReadAsync(WorldViews.Plans))));
        labs.MapGet("/infrastructure", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s =>
            await s.ReadAsync(WorldViews.Infrastructure) is { } infrastructure ? Results.Json(infrastructure)
                : ApiError.Of(404, "VaultNotFound", $"The lab '{lab}' has no Azure side, so no Site Recovery infrastructure.")));
        labs.MapPost("/steps", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s =>
            Answer(await s.SubmitAsync(LabCommand.Step(await BodyAsync(c)), RoleOf(c)))));
        labs.MapPost("/faults", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Instructor, async s =>
            Answer(await s.SubmitAsync(LabCommand.Fault(await BodyAsync(c)), LabRole.Instructor))));
        labs.MapPost("/time", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Instructor, async s =>
        {
            await TimeAsync(s, await BodyAsync(c));
            return Results.Json(await StatusAsync(s));
        }));
        labs.MapGet("/actions", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Instructor, async s =>
            Results.Json((await s.ActionsAsync()).Select(ActionView))));
        labs.MapGet("/objectives", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s =>
        {
            var objectives = await s.ObjectivesAsync();
            var instructor = RoleOf(c) == LabRole.Instructor;
            return Results.Json(new
            {
                score = objectives.Sum(o => o.Score),
                maxScore = objectives.Sum(o => o.Objective.Points),
                // The trainee sees what to reach, never the expected values the lab checks.
                objectives = objectives.Select(o => new
                {
                    title = o.Objective.Title, points = o.Objective.Points, hints = o.Objective.Hints, held = o.Held,
                    expected = instructor ? $"{o.Objective.Expectation.Item.Kind}: {o.Objective.Expectation.Expected}" : null,
                    actual = instructor ? o.Actual : null,
                }),
            });
        }));
        labs.MapGet("/report", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Trainee, async s =>
        {
            var report = await LabReport.OfAsync(s);
            if (c.Request.Query["format"] == "text") return Results.Text(report.Summary(), "text/plain; charset=utf-8");
            return Results.Json(new
            {
                lab = report.Lab, title = report.Title, score = report.Score, maxScore = report.MaxScore,
                taken = Quantities.FormatDuration(report.Taken),
                objectives = report.Objectives.Select(o => new { title = o.Objective.Title, points = o.Objective.Points, held = o.Held }),
                actions = report.Actions.Select(ActionView),
                mistakes = report.Mistakes.Select(ActionView),
                dataLost = report.DataLost.Select(d => new { machine = d.Machine, step = d.Step, point = d.Point, lostWrites = d.LostWrites, lostBytes = d.LostBytes, matchesTruth = d.MatchesTruth }),
            });
        }));
        labs.MapGet("/export", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Instructor, async s =>
            Results.Text(await LabExport.ExportAsync(s), "application/yaml; charset=utf-8")));
        labs.MapGet("/trace-hash", (HttpContext c, string lab) => Handle(c, registry, lab, LabRole.Instructor, async s =>
            Results.Json(new { sha256 = await s.TraceHashAsync(), at = Quantities.FormatDuration(s.Now) })));
        app.MapFallback((HttpContext c) => ApiError.Of(404, "NotFound", $"No route {Printable(c.Request.Method)} {Printable(c.Request.Path)}; the lab's API is under /lab/v1/labs/NAME (README.md, \"The lab\")."));
    }

    /// <summary>
    /// Checks the bearer token against the lab (a token of another lab, or none, is 401), the role the route needs
    /// (403), opens the lab and runs <paramref name="work"/>; refusals become ARM-shaped errors, never a stack trace.
    /// </summary>
    internal static async Task<IResult> Handle(HttpContext context, LabRegistry registry, string lab, LabRole needs, Func<LabSession, Task<IResult>> work)
    {
        try
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            if (registry.Authenticate(lab, token) is not { } role)
                return ApiError.Of(401, "AuthenticationFailed", "Give the lab's trainee or instructor token as 'Authorization: Bearer TOKEN' (each token opens only its own lab).");
            if (needs == LabRole.Instructor && role != LabRole.Instructor)
                return ApiError.Of(403, "AuthorizationFailed", "Only the lab's instructor does this (faults, time, the action log); the trainee's token cannot.");
            context.Items[nameof(LabRole)] = role;
            return await work(await registry.OpenAsync(lab));
        }
        catch (LabInputException e)
        {
            return ApiError.Of(e.Status, e.Code, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // The rest of the body is not read: the connection closes after the answer.
            context.Response.Headers.Connection = "close";
            return ApiError.Of(e.StatusCode, e.StatusCode == 413 ? "RequestTooLarge" : "BadRequest",
                e.StatusCode == 413 ? $"The request body is larger than {MaxBodyBytes} bytes; a command is one step or fault." : e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ApiError.Of(500, "InternalError", $"The lab host failed: {e.Message} ({e.GetType().Name}).");
        }
    }

    internal static LabRole RoleOf(HttpContext context) => (LabRole)context.Items[nameof(LabRole)]!;

    internal static async Task<string> BodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) throw new LabInputException("BadRequest", "The request has no body; send the command as JSON.");
        return text;
    }

    private static IResult Answer(LabResult result)
    {
        var body = new
        {
            outcome = result.Outcome.ToString().ToLowerInvariant(),
            step = result.Step,
            at = Quantities.FormatDuration(result.At),
            detail = result.Detail,
            error = result.Code is null ? null : new { code = result.Code, message = result.Message },
        };
        return Results.Json(body, statusCode: result.Outcome switch { LabOutcome.Accepted => 202, LabOutcome.Refused => 409, _ => 200 });
    }

    /// <summary><c>{"advance": "30m"}</c>, <c>{"pause": true}</c>, <c>{"speed": 60}</c> (0: manual), one at a time.</summary>
    internal static async Task TimeAsync(LabSession session, string json)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 4 }) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new LabInputException("BadRequest", $"The body is not valid JSON: {e.Message}");
        }
        if (body is null || body.Count != 1)
            throw new LabInputException("BadRequest", "Send one of {\"advance\": \"30m\"}, {\"pause\": true}, {\"speed\": 60} (0 for manual time).");
        var (key, value) = body.First();
        try
        {
            switch (key)
            {
                case "advance":
                    var text = value?.GetValue<string>() ?? "";
                    if (!Quantities.TryParseDuration(text, out var by) || by <= TimeSpan.Zero)
                        throw new LabInputException("InvalidDuration", $"'advance' is a positive duration such as 90s, 30m or 2h, at most 365d; not '{Printable(text)}'.");
                    await session.AdvanceAsync(by);
                    break;
                case "pause":
                    if (value?.GetValue<bool>() == true) await session.PauseAsync();
                    else await session.ResumeAsync();
                    break;
                case "speed":
                    await session.SetSpeedAsync(value?.GetValue<double>() ?? -1);
                    break;
                default:
                    throw new LabInputException("BadRequest", $"Unknown time control '{Printable(key)}'; use advance, pause or speed.");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new LabInputException("BadRequest", $"'{Printable(key)}' has the wrong type: advance takes a duration text, pause true or false, speed a number.");
        }
    }

    private static async Task<object> StatusAsync(LabSession s) => new
    {
        name = s.Name,
        title = s.Drill.Title,
        now = Quantities.FormatDuration(s.Now),
        nowSeconds = s.Now.TotalSeconds,
        speed = s.Speed,
        manual = s.Manual,
        paused = s.Paused,
        behindSeconds = s.Behind.TotalSeconds,
        failure = s.Failure,
        steps = (await s.ActionsAsync()).Count,
    };

    private static object ActionView(LabAction a) => new
    {
        step = a.Step,
        role = a.Role.ToString().ToLowerInvariant(),
        kind = a.Kind.ToString().ToLowerInvariant(),
        name = a.Name,
        command = JsonNode.Parse(LabExport.Redacted(a.Command)),
        at = Quantities.FormatDuration(a.At),
        end = a.End is { } end ? Quantities.FormatDuration(end) : null,
        outcome = a.Outcome.ToString().ToLowerInvariant(),
        code = a.Code,
        detail = a.Detail,
    };

    /// <summary>Text from a request, with control characters escaped and at most 200 characters, for an error message.</summary>
    internal static string Printable(string text) =>
        text.Length > 200 ? Printable(text[..200]) + "..." : string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
