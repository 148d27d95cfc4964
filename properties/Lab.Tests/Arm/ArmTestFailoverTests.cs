using System.Net;
using System.Text.Json;
using Failback.Lab.Sessions;
using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Lab.Tests.Arm;

/// <summary>
/// The operations the lab's engine has beside the failback cycle, over ARM's raw HTTP: test failover and its cleanup
/// (of an item and of a recovery plan) with the spec's inputs (TestFailoverInput's networkId and provider details,
/// TestFailoverCleanupInput's comments), and a job's cancel while its operation runs.
/// </summary>
public sealed class ArmTestFailoverTests
{
    private static string SdkLab => Path.Combine(RepoRoot.Path, "properties", "arm-sdk", "failback-lab.yaml");

    private static string Prop(JsonElement e, params string[] path) =>
        path.Aggregate(e, (x, p) => x.GetProperty(p)).ToString();

    /// <summary>A lab of the SDK's drill with app-01 protected and 30 minutes of recovery points.</summary>
    internal static async Task<(ArmHttp Arm, string Id)> ProtectedAsync(LabServer server, string lab, LabCreated tokens)
    {
        var arm = new ArmHttp(server, lab, tokens);
        var items = await arm.ReadAsync(arm.Container + "/replicationProtectedItems", "ReplicationProtectedItemCollection");
        var id = items.GetProperty("value").EnumerateArray().Single(i => Prop(i, "properties", "friendlyName") == "app-01").GetProperty("name").GetString()!;
        var fabric = await arm.ReadAsync(arm.Vault + "/replicationFabrics/cs-01", "Fabric");
        var ps = fabric.GetProperty("properties").GetProperty("customDetails").GetProperty("processServers").EnumerateArray()
            .Single(p => Prop(p, "friendlyName") == "ps-onprem").GetProperty("id").GetString();
        var (status, _) = await arm.RunAsync(HttpMethod.Put, arm.Item(id),
            $$$$"""{"properties": {"providerSpecificDetails": {"instanceType": "InMageAzureV2", "processServerId": "{{{{ps}}}}"}}}""");
        Assert.Equal("Succeeded", Prop(status, "status"));
        await arm.UntilStateAsync(id, "Protected");
        await server.AdvanceAsync(lab, tokens, TimeSpan.FromMinutes(30));
        return (arm, id);
    }

    [Fact]
    public async Task Test_failover_and_its_cleanup_run_for_an_item_and_for_a_recovery_plan_with_the_specs_inputs()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("drills", SdkLab);
        var (arm, id) = await ProtectedAsync(server, "drills", tokens);
        var network = $"/subscriptions/{ArmHttp.Subscription}/resourceGroups/asr-recovery/providers/Microsoft.Network/virtualNetworks/recovery-net";

        // Inputs the lab cannot take are refused before anything is journaled.
        var (_, actionsBefore) = await server.GetAsync("drills", "/actions", tokens.InstructorToken);
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/testFailover",
            """{"properties": {"failoverDirection": "RecoveryToPrimary", "networkType": "VmNetworkAsInput"}}"""), HttpStatusCode.BadRequest, "InvalidFailoverDirection");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/testFailover",
            """{"properties": {"networkId": "/subscriptions/00000000-0000-0000-0000-00000000a2e1/resourceGroups/elsewhere/providers/Microsoft.Network/virtualNetworks/recovery-net"}}"""),
            HttpStatusCode.BadRequest, "InvalidRequestContent");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/testFailover",
            """{"properties": {"providerSpecificDetails": {"instanceType": "A2A"}}}"""), HttpStatusCode.BadRequest, "InvalidProviderSpecificInput");
        var (_, actionsAfter) = await server.GetAsync("drills", "/actions", tokens.InstructorToken);
        Assert.Equal(actionsBefore.GetArrayLength(), actionsAfter.GetArrayLength());

        // The item's test failover into the recovery network, at the latest point; then its cleanup with comments.
        var (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/testFailover", $$$$"""
            {"properties": {"failoverDirection": "PrimaryToRecovery", "networkType": "VmNetworkAsInput", "networkId": "{{{{network}}}}",
              "providerSpecificDetails": {"instanceType": "InMageAzureV2"}}}
            """);
        Assert.True(Prop(status, "status") == "Succeeded", status.ToString());
        SpecSchemas.AssertValid("ReplicationProtectedItem", result.Body);
        Assert.Equal("TestFailoverCompleted", Prop(result.Body, "properties", "testFailoverState"));
        Assert.Equal("Primary", Prop(result.Body, "properties", "activeLocation"));
        // The test VM, read as Microsoft.Compute's: listed in the vault's group, running, gone after the cleanup.
        var compute = $"/subscriptions/{ArmHttp.Subscription}/resourceGroups/asr-recovery/providers/Microsoft.Compute/virtualMachines";
        var vms = await arm.GetAsync(compute + "?api-version=2024-07-01");
        Assert.Equal(HttpStatusCode.OK, vms.Status);
        var testVm = vms.Body.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).Single(n => n.EndsWith("-test", StringComparison.Ordinal));
        Assert.False((await arm.GetAsync($"{compute}/{testVm}?api-version=2024-07-01")).Body.GetProperty("properties").TryGetProperty("instanceView", out _));
        var expanded = await arm.GetAsync($"{compute}/{testVm}?api-version=2024-07-01&$expand=instanceView");
        Assert.Contains(expanded.Body.GetProperty("properties").GetProperty("instanceView").GetProperty("statuses").EnumerateArray(), st => Prop(st, "code") == "PowerState/running");
        var osDisk = Prop(expanded.Body, "properties", "storageProfile", "osDisk", "managedDisk", "id");
        Assert.Equal(HttpStatusCode.OK, (await arm.GetAsync(osDisk + "?api-version=2024-03-02")).Status);
        ArmHttp.AssertError(await arm.GetAsync(compute.Replace("asr-recovery", "nowhere", StringComparison.Ordinal) + "?api-version=2024-07-01"), HttpStatusCode.NotFound, "ResourceGroupNotFound");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Get, compute + "?api-version=2024-07-01", token: "not-a-token"), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");

        // A second test failover while the first is not cleaned up is the engine's refusal, with ASR's code.
        var again = await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/testFailover", """{"properties": {}}""");
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/testFailoverCleanup", """{"properties": {"comments": "drill of 3 Dec: app answered"}}""");
        Assert.True(Prop(status, "status") == "Succeeded", status.ToString());
        Assert.Equal("None", Prop(result.Body, "properties", "testFailoverState"));
        ArmHttp.AssertError(await arm.GetAsync($"{compute}/{testVm}?api-version=2024-07-01"), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.GetAsync(osDisk + "?api-version=2024-03-02"), HttpStatusCode.NotFound, "ResourceNotFound");
        var jobs = await arm.ReadAsync(arm.Vault + "/replicationJobs?api-version=2023-06-01&$filter=" + Uri.EscapeDataString("jobName eq 'TestFailoverCleanup'"), "JobCollection");
        Assert.Single(jobs.GetProperty("value").EnumerateArray());

        // A recovery plan's test failover into the vault's isolated network (no networkId), at the latest app-consistent point.
        (status, _) = await arm.RunAsync(HttpMethod.Put, arm.Vault + "/replicationRecoveryPlans/drill-plan", $$$$"""
            {"properties": {"primaryFabricId": "cs-01", "recoveryFabricId": "Microsoft Azure", "failoverDeploymentModel": "ResourceManager",
              "groups": [{"groupType": "Boot", "replicationProtectedItems": [{"id": "{{{{arm.Item(id)}}}}"}]}]}}
            """);
        Assert.Equal("Succeeded", Prop(status, "status"));
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Vault + "/replicationRecoveryPlans/drill-plan/testFailover",
            """{"properties": {"failoverDirection": "PrimaryToRecovery", "networkType": "NoNetworkAttachAsInput", "providerSpecificDetails": [{"instanceType": "InMage", "recoveryPointType": "LatestTag"}]}}""");
        Assert.True(Prop(status, "status") == "Succeeded", status.ToString());
        SpecSchemas.AssertValid("RecoveryPlan", result.Body);
        Assert.Equal("TestFailoverCompleted", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "testFailoverState"));
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Vault + "/replicationRecoveryPlans/drill-plan/testFailoverCleanup", """{"properties": {"comments": "plan drill"}}""");
        Assert.True(Prop(status, "status") == "Succeeded", status.ToString());
        SpecSchemas.AssertValid("RecoveryPlan", result.Body);
        Assert.Equal("None", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "testFailoverState"));

        var scenarios = (await arm.ReadAsync(arm.Vault + "/replicationJobs", "JobCollection")).GetProperty("value").EnumerateArray()
            .Select(j => Prop(j, "properties", "scenarioName")).Where(s => s.StartsWith("Test", StringComparison.Ordinal)).ToList();
        Assert.Equal(["TestFailover", "TestFailoverCleanup"], scenarios.Distinct());
        Assert.True(scenarios.Count >= 4, string.Join(", ", scenarios));
    }

    [Fact]
    public async Task A_job_cancelled_through_ARM_ends_Canceled_and_the_session_exports_the_cancel_beside_its_operation()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("cancel", SdkLab);
        var (arm, id) = await ProtectedAsync(server, "cancel", tokens);

        var started = await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/unplannedFailover",
            """{"properties": {"failoverDirection": "PrimaryToRecovery", "providerSpecificDetails": {"instanceType": "InMageAzureV2"}}}""");
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        var failoverStatus = started.Header("Azure-AsyncOperation")!;
        var job = new Uri(failoverStatus).AbsolutePath.Split('/')[^1];
        // Another operation on the lab waits for the failover's step; a cancel does not.
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/failoverCommit"), HttpStatusCode.Conflict, "StepInProgress");

        var cancel = await arm.SendAsync(HttpMethod.Post, $"{arm.Vault}/replicationJobs/{job}/cancel");
        Assert.True(cancel.Status == HttpStatusCode.Accepted, cancel.Body.ToString());
        Assert.EndsWith($"/replicationJobs/{job}?api-version=2023-06-01", cancel.Header("Location"), StringComparison.Ordinal);
        Assert.Equal("Succeeded", Prop((await arm.GetAsync(cancel.Header("Azure-AsyncOperation")!)).Body, "status"));
        SpecSchemas.AssertValid("Job", (await arm.GetAsync(cancel.Header("Location")!)).Body);

        JsonElement status = default;
        for (var i = 0; i < 100; i++)
        {
            status = (await arm.GetAsync(failoverStatus)).Body;
            if (Prop(status, "status") != "InProgress") break;
            await server.AdvanceAsync("cancel", tokens, TimeSpan.FromMinutes(1));
        }
        Assert.Equal("Canceled", Prop(status, "status"));
        var cancelled = await arm.ReadAsync($"{arm.Vault}/replicationJobs/{job}", "Job");
        Assert.Equal("Cancelled", Prop(cancelled, "properties", "state"));
        Assert.Equal("Primary", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "activeLocation"));
        // A job that has ended cannot be cancelled again: ASR's error, nothing journaled.
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, $"{arm.Vault}/replicationJobs/{job}/cancel"), HttpStatusCode.BadRequest, "FB1006");

        // The session as a drill: the cancel runs beside the failover, after the virtual time it waited, and drill run
        // of the export ends as the lab did.
        var (_, export) = await server.GetAsync("cancel", "/export", tokens.InstructorToken);
        var text = export.GetString()!;
        Assert.Contains("parallel", text, StringComparison.Ordinal);
        var outcome = ScenarioRunner.Run(BoundScenario.Parse("export.yaml", text + """
            expect:
              - item: {vm: app-01, state: UnplannedFailoverFailed, location: on-premises}
              - jobs: {count: 6, failed: 0}
            """));
        Assert.True(outcome.Report.Passed, string.Join("\n", outcome.Report.Steps.Select(s => $"{s.Kind}: {s.ErrorCode} {s.Detail}")) + "\n"
            + string.Join("\n", outcome.Report.Expectations.Where(e => !e.Held).Select(e => $"{e.Kind}: {e.Expected} / {e.Actual}")) + "\n" + text);
    }
}
