using System.Net;
using System.Text.Json;
using Failback.Lab.Sessions;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>
/// The whole failback cycle driven through the HTTP API on a manual lab, as a trainee and an instructor would: it ends
/// in the main drill's state, every objective of the exercise holds, and the session exported as a drill ends in the
/// same state under drill run.
/// </summary>
public sealed class LabCycleTests
{
    [Fact]
    public async Task A_manual_lab_runs_the_whole_failback_cycle_through_the_api_and_its_export_ends_in_the_same_state()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("cycle", Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        var (status, objectives) = await server.GetAsync("cycle", "/objectives", lab.TraineeToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, objectives.GetProperty("score").GetInt32());

        await server.StepAsync("cycle", lab, """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync("cycle", lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync("cycle", lab, TimeSpan.FromHours(1));
        await server.StepAsync("cycle", lab, """{"power-off": {"vm": "app-01"}}""");
        await server.StepAsync("cycle", lab, """{"failover": {"vm": "app-01", "point": "latest"}}""");
        await server.StepAsync("cycle", lab, """{"commit": {"vm": "app-01"}}""");
        await server.AdvanceAsync("cycle", lab, TimeSpan.FromHours(1));
        await server.StepAsync("cycle", lab, """{"reprotect": {"vm": "app-01", "master-target": "mt-01", "process-server": "ps-azure", "datastore": "DS1", "retention-volume": "R:", "location": "original"}}""");
        await server.StepAsync("cycle", lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync("cycle", lab, TimeSpan.FromHours(1));
        await server.StepAsync("cycle", lab, """{"failover": {"vm": "app-01", "point": "latest"}}""");
        await server.StepAsync("cycle", lab, """{"commit": {"vm": "app-01"}}""");
        await server.StepAsync("cycle", lab, """{"reprotect": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync("cycle", lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync("cycle", lab, TimeSpan.FromHours(1));

        // The main drill's end state: protected to Azure again from on-premises, seven jobs, none failed.
        var (_, items) = await server.GetAsync("cycle", "/items", lab.TraineeToken);
        var item = items.EnumerateArray().Single(i => i.GetProperty("name").GetString() == "app-01");
        Assert.Equal("Protected", item.GetProperty("protectionState").GetString());
        Assert.Equal("Primary", item.GetProperty("activeLocation").GetString());
        Assert.Equal(["DisableProtection", "TestFailover", "UnplannedFailover"], item.GetProperty("allowedOperations").EnumerateArray().Select(o => o.GetString()).Order());
        var (_, jobs) = await server.GetAsync("cycle", "/jobs", lab.TraineeToken);
        Assert.Equal(4 + 7, jobs.GetArrayLength()); // the setup's infrastructure jobs, then the cycle's
        Assert.All(jobs.EnumerateArray(), j => Assert.Equal("Succeeded", j.GetProperty("state").GetString()));
        (_, objectives) = await server.GetAsync("cycle", "/objectives", lab.TraineeToken);
        Assert.True(objectives.GetProperty("score").GetInt32() == 100, objectives.ToString());
        Assert.All(objectives.GetProperty("objectives").EnumerateArray(), o => Assert.Equal(JsonValueKind.Null, o.GetProperty("expected").ValueKind));
        var (_, report) = await server.GetAsync("cycle", "/report", lab.TraineeToken);
        Assert.Equal(11, report.GetProperty("actions").GetArrayLength());
        Assert.Equal(0, report.GetProperty("mistakes").GetArrayLength());
        Assert.Equal(2, report.GetProperty("dataLost").GetArrayLength());

        // The session as a drill: drill run of it ends in the same state.
        var (exportStatus, export) = await server.GetAsync("cycle", "/export", lab.InstructorToken);
        Assert.Equal(HttpStatusCode.OK, exportStatus);
        var text = export.GetString()! + """
            expect:
              - item: {vm: app-01, state: Protected, location: on-premises, allowed-ops: [UnplannedFailover, DisableProtection, TestFailover]}
              - jobs: {count: 11, failed: 0}
              - failover: {vm: app-01, nth: 2, matches-truth: true}
              - disk-matches-truth: {vm: app-01}
            """;
        var outcome = ScenarioRunner.Run(BoundScenario.Parse("export.yaml", text));
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Expectations.Where(e => !e.Held).Select(e => $"{e.Kind}: {e.Expected} / {e.Actual}")) + "\n" + text);
        Assert.Equal(2 + 11, outcome.Report.Steps.Count(s => s.Kind != "wait"));
    }

    [Fact]
    public async Task A_trainee_who_is_refused_first_then_fixes_both_causes_scores_full_and_the_export_replays_the_mistake()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("refused", Path.Combine(LabDrillTests.Labs, "reprotect-refused.yaml"));
        const string reprotect = """{"reprotect": {"vm": "app-01", "master-target": "mt-01", "process-server": "ps-azure", "datastore": "DS1", "retention-volume": "R:", "location": "original"}}""";
        // The job starts, checks the prerequisites and fails: the action ends refused with ASR's errors.
        var (status, started) = await server.PostAsync("refused", "/steps", lab.TraineeToken, reprotect);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var step = started.GetProperty("step").GetInt32();
        JsonElement action;
        while (true)
        {
            var (_, actions) = await server.GetAsync("refused", "/actions", lab.InstructorToken);
            action = actions.EnumerateArray().Single(a => a.GetProperty("step").GetInt32() == step);
            if (action.GetProperty("end").ValueKind == JsonValueKind.String) break;
            await server.AdvanceAsync("refused", lab, TimeSpan.FromMinutes(1));
        }
        Assert.Equal("refused", action.GetProperty("outcome").GetString());
        Assert.Equal("FB2002", action.GetProperty("code").GetString());
        Assert.Contains("snapshots", action.GetProperty("detail").GetString());
        await server.StepAsync("refused", lab, """{"heal-link": {"link": "vpn"}}""");
        await server.StepAsync("refused", lab, """{"remove-snapshots": {"vm": "app-01"}}""");
        await server.AdvanceAsync("refused", lab, TimeSpan.FromMinutes(5));
        await server.StepAsync("refused", lab, reprotect);
        await server.StepAsync("refused", lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync("refused", lab, TimeSpan.FromMinutes(10));
        var (_, objectives) = await server.GetAsync("refused", "/objectives", lab.TraineeToken);
        Assert.True(objectives.GetProperty("score").GetInt32() == 100, objectives.ToString());
        var (_, report) = await server.GetAsync("refused", "/report", lab.TraineeToken);
        var mistake = Assert.Single(report.GetProperty("mistakes").EnumerateArray());
        Assert.Equal("reprotect", mistake.GetProperty("name").GetString());

        var (_, export) = await server.GetAsync("refused", "/export", lab.InstructorToken);
        var text = export.GetString()! + """
            expect:
              - item: {vm: app-01, state: Protected, location: azure}
              - vm: {name: app-01, snapshots: 0}
              - jobs: {count: 10, failed: 2}
            """;
        var outcome = ScenarioRunner.Run(BoundScenario.Parse("export.yaml", text));
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Expectations.Where(e => !e.Held).Select(e => $"{e.Kind}: {e.Expected} / {e.Actual}")) + "\n" + text);
    }
}
