using System.Net;
using System.Text.Json;
using Failback.Lab.Journal;
using Failback.Scenarios.World;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>Tokens and roles, and bad input: each refused with an ARM-shaped error and nothing journaled.</summary>
public sealed class LabApiSecurityTests
{
    private static string Exercise => Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml");

    [Fact]
    public async Task A_token_opens_only_its_own_lab_and_a_trainee_cannot_do_what_an_instructor_does()
    {
        await using var server = await LabServer.StartAsync();
        var a = await server.CreateAsync("lab-a", Exercise);
        var b = await server.CreateAsync("lab-b", Exercise);
        Assert.NotEqual(a.TraineeToken, a.InstructorToken);
        Assert.True(a.TraineeToken.Length >= 40);

        await Refused(server.GetAsync("lab-a", "/items", null), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        await Refused(server.GetAsync("lab-a", "/items", b.TraineeToken), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        await Refused(server.GetAsync("lab-a", "/items", b.InstructorToken), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        await Refused(server.GetAsync("lab-a", "/items", a.TraineeToken + "x"), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        await Refused(server.GetAsync("no-such-lab", "/items", a.TraineeToken), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("lab-a", "/items", a.TraineeToken)).Status);

        const string fault = """{"target": "network", "fault": "partition", "for": "10m"}""";
        await Refused(server.PostAsync("lab-a", "/faults", a.TraineeToken, fault), HttpStatusCode.Forbidden, "AuthorizationFailed");
        await Refused(server.PostAsync("lab-a", "/time", a.TraineeToken, """{"advance": "1h"}"""), HttpStatusCode.Forbidden, "AuthorizationFailed");
        foreach (var path in new[] { "/actions", "/export", "/trace-hash" })
            await Refused(server.GetAsync("lab-a", path, a.TraineeToken), HttpStatusCode.Forbidden, "AuthorizationFailed");
        var (status, armed) = await server.PostAsync("lab-a", "/faults", a.InstructorToken, fault);
        Assert.True(status == HttpStatusCode.OK, armed.ToString());
        Assert.Equal("done", armed.GetProperty("outcome").GetString());

        // The instructor sees what each objective expects; the trainee never does.
        var (_, trainee) = await server.GetAsync("lab-a", "/objectives", a.TraineeToken);
        var (_, instructor) = await server.GetAsync("lab-a", "/objectives", a.InstructorToken);
        Assert.All(trainee.GetProperty("objectives").EnumerateArray(), o => Assert.Equal(JsonValueKind.Null, o.GetProperty("expected").ValueKind));
        Assert.All(instructor.GetProperty("objectives").EnumerateArray(), o => Assert.Equal(JsonValueKind.String, o.GetProperty("expected").ValueKind));
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_an_arm_shaped_error_and_journals_nothing()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("bad", Exercise);
        var before = Entries(server, "bad");
        var t = lab.TraineeToken;
        await Refused(server.PostAsync("bad", "/steps", t, "{\"failover\": "), HttpStatusCode.BadRequest, "BadRequest");
        await Refused(server.PostAsync("bad", "/steps", t, "[1, 2]"), HttpStatusCode.BadRequest, "InvalidStep");
        await Refused(server.PostAsync("bad", "/steps", t, """{"fail-over": {"vm": "app-01"}}"""), HttpStatusCode.BadRequest, "InvalidStep", "unknown step 'fail-over'");
        await Refused(server.PostAsync("bad", "/steps", t, """{"failover": {"vm": "app-99"}}"""), HttpStatusCode.BadRequest, "InvalidStep", "app-99");
        await Refused(server.PostAsync("bad", "/steps", t, """{"failover": {"vm": "app-01", "when": "now"}}"""), HttpStatusCode.BadRequest, "InvalidStep", "unknown field 'when'");
        await Refused(server.PostAsync("bad", "/steps", t, """{"power-off": {"vm": "app-01"}, "power-on": {"vm": "app-01"}}"""), HttpStatusCode.BadRequest, "InvalidStep");
        await Refused(server.PostAsync("bad", "/steps", t, """{"wait": "30m"}"""), HttpStatusCode.BadRequest, "InvalidStep");
        await Refused(server.PostAsync("bad", "/steps", t, """{"workload": {"vm": "app-01", "rate": "1GB/s", "for": "1h"}}"""), HttpStatusCode.BadRequest, "InvalidStep", "100MB/s");
        await Refused(server.PostAsync("bad", "/steps", t, new string('[', 100) + new string(']', 100)), HttpStatusCode.BadRequest, "BadRequest");
        await Refused(server.PostAsync("bad", "/steps", t, "{\"write\": {\"vm\": \"app-01\", \"pad\": \"" + new string('x', 70 * 1024) + "\"}}"), HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
        await Refused(server.PostAsync("bad", "/steps", t, " "), HttpStatusCode.BadRequest, "BadRequest");
        var i = lab.InstructorToken;
        await Refused(server.PostAsync("bad", "/faults", i, """{"target": "moon", "fault": "partition"}"""), HttpStatusCode.BadRequest, "InvalidFault", "moon");
        await Refused(server.PostAsync("bad", "/faults", i, """{"target": "network", "fault": "partition", "at-step": 3}"""), HttpStatusCode.BadRequest, "InvalidFault");
        await Refused(server.PostAsync("bad", "/time", i, """{"advance": "-5m"}"""), HttpStatusCode.BadRequest, "InvalidDuration");
        await Refused(server.PostAsync("bad", "/time", i, """{"advance": 5}"""), HttpStatusCode.BadRequest, "BadRequest");
        await Refused(server.PostAsync("bad", "/time", i, """{"speed": 1e9}"""), HttpStatusCode.BadRequest, "InvalidSpeed");
        await Refused(server.PostAsync("bad", "/time", i, """{"rewind": "1h"}"""), HttpStatusCode.BadRequest, "BadRequest");
        await Refused(server.GetAsync("bad", "/items/app-99/recovery-points", t), HttpStatusCode.NotFound, "ProtectedItemNotFound");
        Assert.Equal(before, Entries(server, "bad"));

        // An operation the engine refuses is a trainee's mistake: answered with ASR's code, journaled, in the report.
        var (status, refused) = await server.PostAsync("bad", "/steps", t, """{"failover": {"vm": "app-01"}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        Assert.StartsWith("FB", refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(before + 1, Entries(server, "bad"));
        var (_, report) = await server.GetAsync("bad", "/report", t);
        Assert.Single(report.GetProperty("mistakes").EnumerateArray());
    }

    [Fact]
    public async Task No_answer_carries_a_password_or_passphrase()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("secret", Exercise);
        await server.StepAsync("secret", lab, "{\"add-vcenter\": {\"server\": \"vcsa-01.lab.local\", \"user\": \"administrator@vsphere.local\", \"password\": \"" + Topology.Password + "\"}}");
        var answers = new List<string>();
        foreach (var path in new[] { "", "/items", "/jobs", "/vsphere", "/vsphere/tasks", "/azure", "/plans", "/infrastructure", "/actions", "/objectives", "/report", "/export" })
            answers.Add((await server.GetAsync("secret", path, lab.InstructorToken)).Body.ToString());
        Assert.All(answers, a => Assert.DoesNotContain(Topology.Password, a));
        Assert.Contains(answers, a => a.Contains("add-vcenter"));
    }

    private static async Task Refused(Task<(HttpStatusCode Status, JsonElement Body)> call, HttpStatusCode status, string code, string? message = null)
    {
        var (actual, body) = await call;
        Assert.True(actual == status, $"{actual} {body}");
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (message is not null) Assert.Contains(message, error.GetProperty("message").GetString());
    }

    private static int Entries(LabServer server, string lab)
    {
        using var journal = LabJournal.Open(server.Registry.JournalPath(lab));
        return journal.Entries().Count;
    }
}
