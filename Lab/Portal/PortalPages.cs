using System.Text;
using System.Text.Json;
using Failback.Lab.Sessions;
using Failback.Scenarios.Language;
using static Failback.Lab.Portal.Html;

namespace Failback.Lab.Portal;

/// <summary>The portal's pages, laid out as the Azure portal's Recovery Services vault lays them out.</summary>
internal static class PortalPages
{
    private static readonly string[] Columns = ["name", "replicationHealth", "protectionStateDescription", "activeLocation", "rpo"];
    private static readonly string[] Headers = ["Name", "Replication health", "Status", "Active location", "RPO"];

    private static string Clock(TimeSpan now) => Quantities.FormatDuration(now);

    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Null ? "" : v.ToString() : "";

    public static IResult Login(string lab, bool failed) => Page(lab, "Sign in", null, $"""
        {(failed ? "<p class=\"alert\" role=\"alert\">The token does not open this lab. Give the lab's trainee token.</p>" : "")}
        <form method="post" action="/portal/{E(lab)}/login">
        <label for="token">Lab token</label> <input id="token" name="token" type="password" autocomplete="off" required>
        <button type="submit">Sign in</button></form>
        """);

    public static IResult Overview(string lab, TimeSpan now, List<JsonElement> items, List<JsonElement> jobs)
    {
        var body = new StringBuilder("<h2>Replicated items</h2><table id=\"health\"><tr><th>Replication health</th><th>Items</th></tr>");
        foreach (var group in items.GroupBy(i => S(i, "replicationHealth")).OrderBy(g => g.Key, StringComparer.Ordinal))
            body.Append($"<tr><td>{E(group.Key)}</td><td>{group.Count()}</td></tr>");
        body.Append($"</table><p><a href=\"/portal/{E(lab)}/items\">{items.Count} replicated items</a></p><h2>Jobs in progress</h2>");
        var running = jobs.Where(j => S(j, "state") is "InProgress" or "NotStarted").ToList();
        body.Append(running.Count == 0 ? "<p>No job is in progress.</p>" : JobTable(lab, running));
        return Page(lab, "Overview", Clock(now), body.ToString());
    }

    public static IResult Items(string lab, TimeSpan now, List<JsonElement> items, string sort, bool desc)
    {
        if (!Columns.Contains(sort)) sort = "name";
        IEnumerable<JsonElement> sorted = sort == "rpo"
            ? items.OrderBy(i => i.GetProperty("rpoSeconds").GetDouble())
            : items.OrderBy(i => S(i, sort), StringComparer.OrdinalIgnoreCase);
        if (desc) sorted = sorted.Reverse();
        var body = new StringBuilder("<table id=\"items\"><tr>");
        for (var c = 0; c < Columns.Length; c++)
        {
            var next = Columns[c] == sort && !desc;
            var mark = Columns[c] == sort ? desc ? " (descending)" : " (ascending)" : "";
            body.Append($"<th><a href=\"/portal/{E(lab)}/items?sort={Columns[c]}&amp;desc={(next ? "true" : "false")}\">{Headers[c]}</a>{mark}</th>");
        }
        body.Append("</tr>");
        foreach (var item in sorted)
        {
            var name = S(item, "name");
            body.Append($"<tr><td><a href=\"/portal/{E(lab)}/items/{E(Uri.EscapeDataString(name))}\">{E(name)}</a></td><td>{E(S(item, "replicationHealth"))}</td><td>{E(S(item, "protectionStateDescription"))}</td><td>{E(S(item, "activeLocation"))}</td><td>{E(S(item, "rpo"))}</td></tr>");
        }
        body.Append("</table>");
        if (items.Count == 0) body.Append("<p>No item is replicated yet.</p>");
        return Page(lab, "Replicated items", Clock(now), body.ToString());
    }

    public static IResult Item(string lab, TimeSpan now, JsonElement item, JsonElement points, JsonElement machine, DialogChoices choices)
    {
        var name = S(item, "name");
        var body = new StringBuilder("<h2>Properties</h2><table id=\"properties\">");
        foreach (var (label, field) in new[] { ("Name", "name"), ("Replication health", "replicationHealth"), ("Status", "protectionStateDescription"), ("Protection state", "protectionState"), ("Active location", "activeLocation"), ("RPO", "rpo"), ("Recovery points", "recoveryPoints") })
            body.Append($"<tr><th>{label}</th><td>{E(S(item, field))}</td></tr>");
        body.Append("</table><h2>Disks</h2><ul id=\"disks\">");
        if (machine.ValueKind == JsonValueKind.Object)
            foreach (var (disk, n) in machine.GetProperty("disks").EnumerateArray().Select((d, n) => (d, n)))
                body.Append($"<li>Hard disk {n + 1}: {E(disk)}</li>");
        body.Append("</ul><h2>Health errors</h2>");
        var errors = item.GetProperty("healthErrors").EnumerateArray().ToList();
        body.Append(errors.Count == 0 ? "<p>None.</p>" : "<ul id=\"health-errors\">" + string.Concat(errors.Select(e => $"<li><strong>{E(S(e, "code"))}</strong> {E(S(e, "message"))}</li>")) + "</ul>");
        body.Append("<h2>Recovery points</h2><table id=\"points\"><tr><th>Id</th><th>Type</th><th>Time</th><th>Age</th></tr>");
        var pointIds = new List<string>();
        foreach (var p in points.EnumerateArray())
        {
            pointIds.Add(S(p, "id"));
            body.Append($"<tr><td>{E(S(p, "id"))}</td><td>{E(S(p, "recoveryPointType"))}</td><td>{E(S(p, "recoveryPointTime"))}</td><td>{E(S(p, "age"))}</td></tr>");
        }
        body.Append("</table><h2>Operations</h2>");
        var allowed = item.GetProperty("allowedOperations").EnumerateArray().Select(o => o.GetString()).ToHashSet();
        var action = $"/portal/{E(lab)}/items/{E(Uri.EscapeDataString(name))}";
        if (allowed.Contains("UnplannedFailover"))
            body.Append($"""
                <form class="op" method="post" action="{action}/failover" aria-label="Failover"><label for="point">Recovery point</label>
                {Select("point", ["latest", "latest-app-consistent", "previous", .. pointIds], null)}
                <button type="submit">Failover</button></form>
                """);
        if (allowed.Contains("Commit"))
            body.Append($"""<form class="op" method="post" action="{action}/commit" aria-label="Commit"><button type="submit">Commit</button></form>""");
        if (allowed.Contains("ReverseReplicate"))
            body.Append($"""
                <form class="op" method="post" action="{action}/reprotect" aria-label="Re-protect">
                <label for="master-target">Master target</label>{Select("master-target", choices.MasterTargets, "")}
                <label for="process-server">Process server</label>{Select("process-server", choices.ProcessServers, "")}
                <label for="datastore">Datastore</label>{Select("datastore", choices.Datastores, "")}
                <label for="retention-volume">Retention drive</label>{Select("retention-volume", choices.RetentionVolumes, "")}
                <label for="location">Recover to</label>{Select("location", ["original", "alternate"], "")}
                <button type="submit">Re-protect</button></form>
                """);
        if (allowed.Count == 0 || !allowed.Overlaps(["UnplannedFailover", "Commit", "ReverseReplicate"]))
            body.Append("<p>No operation the portal offers is allowed now.</p>");
        return Page(lab, name, Clock(now), body.ToString());
    }

    /// <summary>A list of choices; <paramref name="none"/> (when given) is a first, empty choice: the step's default.</summary>
    private static string Select(string id, IEnumerable<string> options, string? none) =>
        $"<select id=\"{id}\" name=\"{id}\">" + (none is null ? "" : "<option value=\"\">(default)</option>")
        + string.Concat(options.Select(o => $"<option>{E(o)}</option>")) + "</select> ";

    public static IResult Result(string lab, TimeSpan now, string vm, string operation, LabResult result)
    {
        var back = $"<p><a href=\"/portal/{E(lab)}/items/{E(Uri.EscapeDataString(vm))}\">Back to {E(vm)}</a></p>";
        return result.Outcome == LabOutcome.Refused
            ? Page(lab, $"{operation} of {vm} failed", Clock(now), $"<p class=\"alert\" role=\"alert\">Error <strong id=\"error-code\">{E(result.Code)}</strong>: <span id=\"error-message\">{E(result.Message ?? result.Detail)}</span></p>{back}", 409)
            : Page(lab, $"{operation} of {vm}", Clock(now), $"<p class=\"ok\">{E(result.Detail)}</p>{back}");
    }

    public static IResult Jobs(string lab, TimeSpan now, List<JsonElement> jobs) =>
        Page(lab, "Site Recovery jobs", Clock(now), jobs.Count == 0 ? "<p>No job yet.</p>" : JobTable(lab, Enumerable.Reverse(jobs)));

    private static string JobTable(string lab, IEnumerable<JsonElement> jobs)
    {
        var table = new StringBuilder("<table class=\"jobs\"><tr><th>Name</th><th>Item</th><th>Status</th><th>Start time</th><th>Duration</th></tr>");
        foreach (var j in jobs)
            table.Append($"<tr><td><a href=\"/portal/{E(lab)}/jobs/{E(Uri.EscapeDataString(S(j, "id")))}\">{E(S(j, "friendlyName"))}</a></td><td>{E(S(j, "targetObjectName"))}</td><td class=\"state\">{E(S(j, "state"))}</td><td>{E(S(j, "startTime"))}</td><td>{E(Duration(j))}</td></tr>");
        return table.Append("</table>").ToString();
    }

    /// <summary>A job's or task's duration once it has ended.</summary>
    private static string Duration(JsonElement run) =>
        run.GetProperty("startTime") is { ValueKind: JsonValueKind.String } started && started.TryGetDateTimeOffset(out var start)
        && run.GetProperty("endTime") is { ValueKind: JsonValueKind.String } ended && ended.TryGetDateTimeOffset(out var end)
            ? Quantities.FormatDuration(end - start) : "";

    public static IResult Job(string lab, TimeSpan now, JsonElement job)
    {
        var body = new StringBuilder("<table id=\"job\">");
        foreach (var (label, field) in new[] { ("Job", "friendlyName"), ("Scenario", "scenarioName"), ("Item", "targetObjectName"), ("Status", "state"), ("Start time", "startTime"), ("End time", "endTime") })
            body.Append($"<tr><th>{label}</th><td>{E(S(job, field))}</td></tr>");
        body.Append("</table><h2>Tasks</h2><table id=\"tasks\"><tr><th>Task</th><th>Status</th><th>Start time</th><th>Duration</th></tr>");
        foreach (var t in job.GetProperty("tasks").EnumerateArray())
            body.Append($"<tr><td>{E(S(t, "name"))}</td><td>{E(S(t, "state"))}</td><td>{E(S(t, "startTime"))}</td><td>{E(Duration(t))}</td></tr>");
        body.Append("</table><h2>Errors</h2>");
        var errors = job.GetProperty("errors").EnumerateArray().ToList();
        body.Append(errors.Count == 0 ? "<p>None.</p>" : "<ul id=\"job-errors\" role=\"alert\">" + string.Concat(errors.Select(e => $"<li><strong class=\"error-code\">{E(S(e, "code"))}</strong> {E(S(e, "message"))}</li>")) + "</ul>");
        if (job.GetProperty("allowedActions").EnumerateArray().Any(a => a.GetString() == "Restart"))
            body.Append($"""<form class="op" method="post" action="/portal/{E(lab)}/items/{E(Uri.EscapeDataString(S(job, "targetObjectName")))}/restart-job" aria-label="Restart"><button type="submit">Restart</button></form>""");
        return Page(lab, S(job, "friendlyName"), Clock(now), body.ToString());
    }

    public static IResult Error(string lab, TimeSpan? now, string code, string message, int status) =>
        Page(lab, "Error", now is { } n ? Clock(n) : null, $"<p class=\"alert\" role=\"alert\">Error <strong id=\"error-code\">{E(code)}</strong>: <span id=\"error-message\">{E(message)}</span></p>", status);
}
