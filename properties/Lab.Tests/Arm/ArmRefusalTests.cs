using System.Net;
using System.Text.Json;
using Failback.Lab.Sessions;
using Xunit;

namespace Failback.Lab.Tests.Arm;

/// <summary>
/// A refused operation leaves the lab unchanged, synchronously: the vault's preflight (the prerequisite check the job's
/// first task runs) is asked at the lab's current instant in the kernel's probe, and a refusal answers 400 with ASR's
/// code, message, causes and recommended action, with no job, nothing journaled and the trace's hash as it was, in
/// manual, paused and paced labs alike. The lab's own API keeps the trainee's mistake (journaled, a failed job).
/// </summary>
public sealed class ArmRefusalTests
{
    /// <summary>app-01 failed over to Azure and committed (its agent re-registered); a snapshot was then taken of its original VM (PRE-4).</summary>
    private const string Drill = """
        title: app-01 runs in Azure, committed; its original VM has a snapshot
        seed: 31
        topology:
          vcenters: [{name: vcsa-01.lab.local}]
          hosts:
            - {name: esxi-01.lab.local, vcenter: vcsa-01.lab.local, version: 7.0.0, edition: enterprise}
          datastores:
            - {name: DS1, hosts: [esxi-01.lab.local], capacity: 1TiB}
          vms:
            - {name: app-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [64MiB], ip: 10.0.5.20}
            - {name: mt-01, host: esxi-01.lab.local, datastore: DS1, os: windows9Server64Guest, disks: [1MiB], memory: 8GiB, ip: 10.0.0.50}
          azure: {region: westeurope, resource-group: asr-recovery, network: recovery-net}
          connectivity: {link: vpn}
          configuration-server: {name: cs-01, ip: 10.0.9.5}
          process-servers:
            - {name: ps-onprem, ip: 10.0.9.6}
            - {name: ps-azure, location: azure}
          master-targets:
            - {vm: mt-01, retention: "R:"}
        steps:
          - write: {vm: app-01, size: 4MiB}
          - enable-protection: {vm: app-01, process-server: ps-onprem}
          - wait-for-replication: {vm: app-01}
          - workload: {vm: app-01, rate: 64B/s, for: 12h, block: 16KiB, every: 5m}
          - wait: 30m
          - power-off: {vm: app-01}
          - failover: {vm: app-01, point: latest-processed}
          - commit: {vm: app-01}
          - wait: 15m
          - take-snapshot: {vm: app-01, name: before-maintenance}
        """;

    private const string LabReprotect = """{"reprotect": {"vm": "app-01", "master-target": "mt-01", "process-server": "ps-azure", "datastore": "DS1", "retention-volume": "R:"}}""";

    /// <summary>What a refusal must leave as it was: the vault's jobs and the item (ARM), the action log and the trace's hash.</summary>
    private sealed record LabState(string Jobs, string Item, int Actions, string Hash);

    private static async Task<LabState> StateAsync(LabServer server, ArmHttp arm, string lab, LabCreated tokens, string item)
    {
        var (_, actions) = await server.GetAsync(lab, "/actions", tokens.InstructorToken);
        var (status, hash) = await server.GetAsync(lab, "/trace-hash", tokens.InstructorToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return new LabState((await arm.ReadAsync(arm.Vault + "/replicationJobs", "JobCollection")).ToString(),
            (await arm.ReadAsync(arm.Item(item), "ReplicationProtectedItem")).ToString(), actions.GetArrayLength(), hash.ToString());
    }

    /// <summary>The reprotect back to on-premises as the SDK sends it (InMageReprotectInput), with the fabric's ids.</summary>
    private static async Task<string> ReprotectBodyAsync(ArmHttp arm)
    {
        var fabric = await arm.ReadAsync(arm.Vault + "/replicationFabrics/cs-01", "Fabric");
        var details = fabric.GetProperty("properties").GetProperty("customDetails");
        var ps = details.GetProperty("processServers").EnumerateArray().Single(p => p.GetProperty("friendlyName").GetString() == "ps-azure").GetProperty("id").GetString();
        var mt = details.GetProperty("masterTargetServers")[0].GetProperty("id").GetString();
        var policy = (await arm.ReadAsync(arm.Vault + "/replicationPolicies", "PolicyCollection")).GetProperty("value").EnumerateArray()
            .Single(p => p.GetProperty("properties").GetProperty("providerSpecificDetails").GetProperty("instanceType").GetString() == "InMage").GetProperty("id").GetString();
        return $$$$"""
            {"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": {"instanceType": "InMage",
              "masterTargetId": "{{{{mt}}}}", "processServerId": "{{{{ps}}}}", "datastoreName": "DS1", "retentionDrive": "R:", "profileId": "{{{{policy}}}}"}}}
            """;
    }

    private static async Task<string> ItemIdAsync(ArmHttp arm) =>
        (await arm.ReadAsync(arm.Vault + "/replicationProtectedItems", "ReplicationProtectedItemCollection")).GetProperty("value").EnumerateArray()
            .Single(i => i.GetProperty("properties").GetProperty("friendlyName").GetString() == "app-01").GetProperty("name").GetString()!;

    private static void AssertRefused(ArmHttp.Answer answer, string code, string about)
    {
        ArmHttp.AssertError(answer, HttpStatusCode.BadRequest, code);
        var error = answer.Body.GetProperty("error");
        Assert.Matches(about, error.GetProperty("message").GetString()!);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("possibleCauses").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("recommendedAction").GetString()));
    }

    [Fact]
    public async Task In_a_manual_lab_a_reprotect_refused_for_a_snapshot_answers_400_with_ASRs_error_and_changes_nothing_then_succeeds_once_it_is_removed()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("manual", server.Drill("refused.yaml", Drill));
        var arm = new ArmHttp(server, "manual", tokens);
        var id = await ItemIdAsync(arm);
        var body = await ReprotectBodyAsync(arm);
        var before = await StateAsync(server, arm, "manual", tokens, id);

        AssertRefused(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body), "FB2004", "(?i)snapshot");
        AssertRefused(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body), "FB2004", "(?i)snapshot"); // again: as clean
        Assert.Equal(before, await StateAsync(server, arm, "manual", tokens, id));

        // The hash does move when the lab does (what the comparison above would catch): a virtual minute of the guest's writes.
        await server.AdvanceAsync("manual", tokens, TimeSpan.FromMinutes(1));
        Assert.NotEqual(before.Hash, (await StateAsync(server, arm, "manual", tokens, id)).Hash);

        // The fix, then the same request starts the reprotect: 202 and its job succeeds.
        await server.StepAsync("manual", tokens, """{"remove-snapshots": {"vm": "app-01"}}""");
        var (done, result) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal("InMage", result.Body.GetProperty("properties").GetProperty("providerSpecificDetails").GetProperty("instanceType").GetString());
        var jobs = (await arm.ReadAsync(arm.Vault + "/replicationJobs?api-version=2023-06-01&$filter=" + Uri.EscapeDataString("jobStatus eq 'Failed'"), "JobCollection"));
        Assert.Equal(0, jobs.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task In_a_paused_then_paced_lab_each_cause_is_refused_in_turn_until_both_are_fixed()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("paced", server.Drill("refused.yaml", Drill), speed: 600);
        var arm = new ArmHttp(server, "paced", tokens);
        var id = await ItemIdAsync(arm);
        var body = await ReprotectBodyAsync(arm);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("paced", "/time", tokens.InstructorToken, """{"pause": true}""")).Status);
        // A second cause: the VPN down (PRE-2), which the check meets before the snapshot.
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("paced", "/steps", tokens.TraineeToken, """{"break-link": {"link": "vpn"}}""")).Status);
        var before = await StateAsync(server, arm, "paced", tokens, id);
        AssertRefused(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body), "FB2002", "(?i)network|connected");
        Assert.Equal(before, await StateAsync(server, arm, "paced", tokens, id));

        // Paced again: the refusal is as synchronous, and as clean for the vault and the action log.
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("paced", "/time", tokens.InstructorToken, """{"pause": false}""")).Status);
        AssertRefused(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body), "FB2002", "(?i)network|connected");
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("paced", "/steps", tokens.TraineeToken, """{"heal-link": {"link": "vpn"}}""")).Status);
        AssertRefused(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body), "FB2004", "(?i)snapshot");
        var now = await StateAsync(server, arm, "paced", tokens, id);
        Assert.Equal((before.Jobs, before.Actions + 1), (now.Jobs, now.Actions)); // the heal-link step only
        var (removed, step) = await server.PostAsync("paced", "/steps", tokens.TraineeToken, """{"remove-snapshots": {"vm": "app-01"}}""");
        Assert.True(removed is HttpStatusCode.OK or HttpStatusCode.Accepted, step.ToString());
        for (var i = 0; ; i++)
        {
            var started = await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", body);
            if (started.Status == HttpStatusCode.Accepted) break;
            // While the snapshots' removal still runs, the next step waits its turn (409).
            Assert.True(i < 200 && started.Status == HttpStatusCode.Conflict, $"{started.Status} {started.Body}");
            await Task.Delay(50);
        }
        var jobs = (await arm.ReadAsync(arm.Vault + "/replicationJobs", "JobCollection")).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal("ReverseReplicate", jobs[^1].GetProperty("properties").GetProperty("scenarioName").GetString());
        Assert.DoesNotContain(jobs, j => j.GetProperty("properties").GetProperty("state").GetString() == "Failed");
    }

    [Fact]
    public async Task The_labs_own_API_keeps_the_trainees_refused_reprotect_as_a_journaled_mistake_with_its_failed_job()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("training", server.Drill("refused.yaml", Drill));
        var (status, started) = await server.PostAsync("training", "/steps", tokens.TraineeToken, LabReprotect);
        Assert.Equal(HttpStatusCode.Accepted, status);
        for (var i = 0; ; i++)
        {
            var (_, actions) = await server.GetAsync("training", "/actions", tokens.InstructorToken);
            var action = actions.EnumerateArray().Single(a => a.GetProperty("step").GetInt32() == started.GetProperty("step").GetInt32());
            if (action.GetProperty("end").ValueKind == JsonValueKind.String)
            {
                Assert.Equal(("refused", "FB2004"), (action.GetProperty("outcome").GetString(), action.GetProperty("code").GetString()));
                break;
            }
            Assert.True(i < 30, "the reprotect's job did not end");
            await server.AdvanceAsync("training", tokens, TimeSpan.FromSeconds(10));
        }
        var (_, report) = await server.GetAsync("training", "/report", tokens.TraineeToken);
        Assert.Equal("reprotect", Assert.Single(report.GetProperty("mistakes").EnumerateArray()).GetProperty("name").GetString());
    }
}
