using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Failback.Lab.Tests.Arm;

/// <summary>
/// The raw HTTP of the lab's ARM API on a real loopback port (no SDK): every answer of the failback cycle is valid as
/// the spec's model, operations follow ARM's long-running-operation contract, refusals and bad requests answer ARM's
/// error shape with ASR's codes, lists page through nextLink, and throttling answers 429 when an instructor turns it on.
/// </summary>
public sealed class ArmContractTests
{
    private static string SdkLab => Path.Combine(RepoRoot.Path, "properties", "arm-sdk", "failback-lab.yaml");

    private static string Prop(JsonElement e, params string[] path) =>
        path.Aggregate(e, (x, p) => x.GetProperty(p)).ToString();

    [Fact]
    public async Task Every_answer_of_the_failback_cycle_has_the_specs_shape_and_operations_answer_as_ARM_long_running_operations()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("vault1", SdkLab);
        var arm = new ArmHttp(server, "vault1", tokens);

        await arm.ReadAsync(arm.Vault + "/replicationFabrics", "FabricCollection");
        var fabric = await arm.ReadAsync(arm.Vault + "/replicationFabrics/CS-01", "Fabric"); // ARM names are case-insensitive
        var details = fabric.GetProperty("properties").GetProperty("customDetails");
        string Server(string name) => details.GetProperty("processServers").EnumerateArray().Single(p => Prop(p, "friendlyName") == name).GetProperty("id").GetString()!;
        var masterTarget = details.GetProperty("masterTargetServers")[0].GetProperty("id").GetString()!;
        // A datastore's type is vSphere's DatastoreSummary.type, as vCenter reports it to the configuration server.
        Assert.Equal("VMFS", Prop(details.GetProperty("masterTargetServers")[0].GetProperty("dataStores")[0], "type"));
        await arm.ReadAsync(arm.Vault + "/replicationFabrics/cs-01/replicationProtectionContainers", "ProtectionContainerCollection");
        await arm.ReadAsync(arm.Container, "ProtectionContainer");
        var vCenters = await arm.ReadAsync(arm.Vault + "/replicationvCenters", "VCenterCollection");
        await arm.ReadAsync($"{arm.Vault}/replicationFabrics/cs-01/replicationvCenters/{Prop(vCenters.GetProperty("value")[0], "name")}", "VCenter");
        var items = await arm.ReadAsync(arm.Container + "/replicationProtectedItems", "ReplicationProtectedItemCollection");
        var id = items.GetProperty("value").EnumerateArray().Single(i => Prop(i, "properties", "friendlyName") == "app-01").GetProperty("name").GetString()!;
        Assert.Equal("UnprotectedStatesBegin", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "protectionState"));

        // Enable protection (PUT), then initial replication as time passes.
        var (status, result) = await arm.RunAsync(HttpMethod.Put, arm.Item(id),
            $$$$"""{"properties": {"providerSpecificDetails": {"instanceType": "InMageAzureV2", "processServerId": "{{{{Server("ps-onprem")}}}}"}}}""");
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        SpecSchemas.AssertValid("ReplicationProtectedItem", result.Body);
        await arm.UntilStateAsync(id, "Protected");
        var policies = await arm.ReadAsync(arm.Vault + "/replicationPolicies", "PolicyCollection");
        var failbackPolicy = policies.GetProperty("value").EnumerateArray().Single(p => Prop(p, "properties", "providerSpecificDetails", "instanceType") == "InMage");
        await arm.ReadAsync(failbackPolicy.GetProperty("id").GetString()!, "Policy");
        await server.AdvanceAsync("vault1", tokens, TimeSpan.FromMinutes(30)); // the first recovery points

        // Failover to Azure (the source shut down first: sourceSiteOperations Required), commit, reprotect back with InMageReprotectInput.
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/unplannedFailover",
            """{"properties": {"failoverDirection": "PrimaryToRecovery", "sourceSiteOperations": "Required", "providerSpecificDetails": {"instanceType": "InMageAzureV2"}}}""");
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal("Recovery", Prop(result.Body, "properties", "activeLocation"));
        SpecSchemas.AssertValid("ReplicationProtectedItem", result.Body);
        var points = await arm.ReadAsync(arm.Item(id) + "/recoveryPoints", "RecoveryPointCollection");
        await arm.ReadAsync(points.GetProperty("value")[0].GetProperty("id").GetString()!, "RecoveryPoint");
        (status, _) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/failoverCommit");
        Assert.Equal("Succeeded", Prop(status, "status"));
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Item(id) + "/reProtect", $$$$"""
            {"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": {"instanceType": "InMage",
              "masterTargetId": "{{{{masterTarget}}}}", "processServerId": "{{{{Server("ps-azure")}}}}", "datastoreName": "DS1",
              "retentionDrive": "R:", "profileId": "{{{{failbackPolicy.GetProperty("id").GetString()}}}}"}}}
            """);
        Assert.Equal("Succeeded", Prop(status, "status"));
        var item = result.Body.GetProperty("properties");
        Assert.Equal("InMage", Prop(item, "providerSpecificDetails", "instanceType"));
        Assert.Equal(masterTarget, Prop(item, "providerSpecificDetails", "masterTargetId"));

        // Jobs: the list and each job, with a job's own URL as the SDK builds it.
        var jobs = await arm.ReadAsync(arm.Vault + "/replicationJobs", "JobCollection");
        // The setup's infrastructure jobs (Add vCenter server, the two process servers, the master target), then the cycle's.
        Assert.Equal(["DiscoverVCenter", "RegisterProcessServer", "RegisterProcessServer", "RegisterMasterTargetServer", "EnableProtection", "UnplannedFailover", "Commit", "ReverseReplicate"],
            jobs.GetProperty("value").EnumerateArray().Select(j => Prop(j, "properties", "scenarioName")));
        foreach (var job in jobs.GetProperty("value").EnumerateArray()) await arm.ReadAsync(job.GetProperty("id").GetString()!, "Job");
        var failover = jobs.GetProperty("value").EnumerateArray().Single(j => Prop(j, "properties", "scenarioName") == "UnplannedFailover");
        Assert.Equal(["Prerequisites check for failover", "Shut down the virtual machine", "Recover the disks to the recovery point", "Start the replica virtual machine"],
            failover.GetProperty("properties").GetProperty("tasks").EnumerateArray().Select(t => Prop(t, "friendlyName")));

        // A recovery plan made through PUT (one Boot group), then read back.
        (status, _) = await arm.RunAsync(HttpMethod.Put, arm.Vault + "/replicationRecoveryPlans/plan-1", $$$$"""
            {"properties": {"primaryFabricId": "cs-01", "recoveryFabricId": "Microsoft Azure", "failoverDeploymentModel": "ResourceManager",
              "groups": [{"groupType": "Shutdown"}, {"groupType": "Boot", "replicationProtectedItems": [{"id": "{{{{arm.Item(id)}}}}"}]}]}}
            """);
        Assert.Equal("Succeeded", Prop(status, "status"));
        var plan = await arm.ReadAsync(arm.Vault + "/replicationRecoveryPlans/plan-1", "RecoveryPlan");
        Assert.Equal(arm.Item(id), plan.GetProperty("properties").GetProperty("groups")[2].GetProperty("replicationProtectedItems")[0].GetProperty("id").GetString());
        await arm.ReadAsync(arm.Vault + "/replicationRecoveryPlans", "RecoveryPlanCollection");

        // Fail back through the plan, commit it, then disable protection with DELETE.
        await arm.UntilStateAsync(id, "Protected");
        await server.AdvanceAsync("vault1", tokens, TimeSpan.FromMinutes(30));
        (status, result) = await arm.RunAsync(HttpMethod.Post, arm.Vault + "/replicationRecoveryPlans/plan-1/unplannedFailover",
            """{"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": [{"instanceType": "InMage", "recoveryPointType": "LatestTime"}]}}""");
        Assert.Equal("Succeeded", Prop(status, "status"));
        SpecSchemas.AssertValid("RecoveryPlan", result.Body);
        Assert.Equal("Primary", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "activeLocation"));
        (status, _) = await arm.RunAsync(HttpMethod.Post, arm.Vault + "/replicationRecoveryPlans/plan-1/failoverCommit");
        Assert.Equal("Succeeded", Prop(status, "status"));
        (status, _) = await arm.RunAsync(HttpMethod.Delete, arm.Item(id));
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal("UnprotectedStatesBegin", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "protectionState"));
        var scenarios = (await arm.ReadAsync(arm.Vault + "/replicationJobs?api-version=2023-06-01&$filter=" + Uri.EscapeDataString("affectedObjectTypes eq 'RecoveryPlan'"), "JobCollection"))
            .GetProperty("value").EnumerateArray().Select(j => Prop(j, "properties", "scenarioName"));
        Assert.Equal(["UnplannedFailover", "Commit"], scenarios);

        // The plan deleted (ARM's DELETE, a long-running operation): gone from the list, its item as it was.
        (status, result) = await arm.RunAsync(HttpMethod.Delete, arm.Vault + "/replicationRecoveryPlans/PLAN-1");
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationRecoveryPlans/plan-1"), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Delete, arm.Vault + "/replicationRecoveryPlans/plan-1"), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(0, (await arm.ReadAsync(arm.Vault + "/replicationRecoveryPlans", "RecoveryPlanCollection")).GetProperty("value").GetArrayLength());
        Assert.Equal("UnprotectedStatesBegin", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "protectionState"));
    }

    [Fact]
    public async Task Bad_requests_and_refused_operations_answer_ARMs_error_shape_with_ASRs_codes_and_change_nothing()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("vault2", SdkLab);
        var arm = new ArmHttp(server, "vault2", tokens);
        var other = await server.CreateAsync("other", SdkLab);
        var items = arm.Container + "/replicationProtectedItems";

        ArmHttp.AssertError(await arm.GetAsync(items + "?x=1"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        ArmHttp.AssertError(await arm.GetAsync(items + "?api-version=latest"), HttpStatusCode.BadRequest, "InvalidApiVersionParameter");
        Assert.Equal(HttpStatusCode.OK, (await arm.GetAsync(items + "?api-version=2021-08-01")).Status); // another version, the same shape
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Get, items, noToken: true), HttpStatusCode.Unauthorized, "AuthenticationFailed");
        ArmHttp.AssertError(await arm.GetAsync(items, other.TraineeToken), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        ArmHttp.AssertError(await arm.GetAsync(items.Replace(ArmHttp.Subscription, "11111111-0000-0000-0000-000000000000", StringComparison.Ordinal)), HttpStatusCode.NotFound, "SubscriptionNotFound");
        ArmHttp.AssertError(await arm.GetAsync(items.Replace("asr-recovery", "other-rg", StringComparison.Ordinal)), HttpStatusCode.NotFound, "ResourceGroupNotFound");
        ArmHttp.AssertError(await arm.GetAsync(arm.Item("vm-999")), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationFabrics/nowhere"), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationNetworks"), HttpStatusCode.NotFound, "InvalidResourceType");
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationJobs?api-version=2023-06-01&$filter=" + Uri.EscapeDataString("color eq 'red'")), HttpStatusCode.BadRequest, "InvalidFilter");

        var list = await arm.ReadAsync(items, "ReplicationProtectedItemCollection");
        var id = list.GetProperty("value")[0].GetProperty("name").GetString()!;
        var before = (await arm.GetAsync(arm.Item(id))).Body.ToString();
        var (_, actionsBefore) = await server.GetAsync("vault2", "/actions", tokens.InstructorToken);

        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/unplannedFailover", "{\"properties\": "), HttpStatusCode.BadRequest, "InvalidRequestContent");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/unplannedFailover", "[1]"), HttpStatusCode.BadRequest, "InvalidRequestContent");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/unplannedFailover",
            """{"properties": {"failoverDirection": "RecoveryToPrimary"}}"""), HttpStatusCode.BadRequest, "InvalidFailoverDirection");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/reProtect",
            """{"properties": {"providerSpecificDetails": {"instanceType": "A2A"}}}"""), HttpStatusCode.BadRequest, "InvalidProviderSpecificInput");
        // Planned failover is Hyper-V's: ASR refuses it for the classic VMware provider, with the message Az.RecoveryServices gives.
        var planned = await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/plannedFailover", "{}");
        ArmHttp.AssertError(planned, HttpStatusCode.BadRequest, "InvalidParameter");
        Assert.Equal("Planned failover is not supported for InMageAzureV2 provider.", planned.Body.GetProperty("error").GetProperty("message").GetString());
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/failoverCancel", "{}"), HttpStatusCode.BadRequest, "OperationNotSupportedInLab");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Post, arm.Vault + "/replicationJobs/job-99/cancel"), HttpStatusCode.NotFound, "ResourceNotFound");
        var (_, actionsAfterBadInput) = await server.GetAsync("vault2", "/actions", tokens.InstructorToken);
        Assert.Equal(actionsBefore.GetArrayLength(), actionsAfterBadInput.GetArrayLength()); // nothing journaled

        // The engine refuses a commit before any failover (CYC-1): ASR's error with its causes and action, no job, the item as it was.
        var refused = await arm.SendAsync(HttpMethod.Post, arm.Item(id) + "/failoverCommit");
        ArmHttp.AssertError(refused, HttpStatusCode.BadRequest, "FB1001");
        Assert.False(string.IsNullOrEmpty(refused.Body.GetProperty("error").GetProperty("possibleCauses").GetString()));
        Assert.False(string.IsNullOrEmpty(refused.Body.GetProperty("error").GetProperty("recommendedAction").GetString()));
        Assert.Equal(before, (await arm.GetAsync(arm.Item(id))).Body.ToString());
        // No job: the vault lists only its setup's infrastructure jobs (Add vCenter server, two process servers, the master target).
        Assert.Equal(4, (await arm.ReadAsync(arm.Vault + "/replicationJobs", "JobCollection")).GetProperty("value").GetArrayLength());
        SpecSchemas.AssertValid("ReplicationProtectedItem", (await arm.GetAsync(arm.Item(id))).Body);
    }

    [Fact]
    public async Task A_thousand_items_page_through_nextLink_and_every_page_has_the_specs_shape()
    {
        await using var server = await LabServer.StartAsync();
        var drill = server.Drill("many.yaml", ManyVms(250));
        var tokens = await server.CreateAsync("many", drill);
        var arm = new ArmHttp(server, "many", tokens);
        var names = new List<string>();
        var pages = 0;
        for (var url = arm.Vault + "/replicationProtectedItems"; ;)
        {
            var page = await arm.ReadAsync(url, "ReplicationProtectedItemCollection");
            pages++;
            names.AddRange(page.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            if (!page.TryGetProperty("nextLink", out var next)) break;
            Assert.StartsWith(server.Host.Url + arm.Vault + "/replicationProtectedItems?", next.GetString(), StringComparison.Ordinal);
            url = next.GetString()!;
        }
        Assert.Equal(3, pages);
        Assert.Equal(250, names.Distinct().Count());
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationProtectedItems?api-version=2023-06-01&$skiptoken=9999"), HttpStatusCode.BadRequest, "InvalidSkipToken");
        ArmHttp.AssertError(await arm.GetAsync(arm.Vault + "/replicationProtectedItems?api-version=2023-06-01&$skiptoken=-1"), HttpStatusCode.BadRequest, "InvalidSkipToken");
    }

    [Fact]
    public async Task An_instructor_turns_on_ARMs_throttling_and_requests_past_the_budget_get_429_with_Retry_After()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("busy", SdkLab);
        var arm = new ArmHttp(server, "busy", tokens);
        var route = ArmEndpointsRoute("busy");
        const string budget = """{"reads": {"burst": 3, "perSecond": 0.01}, "writes": {"burst": 2, "perSecond": 0.01}}""";
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Put, route, budget), HttpStatusCode.Forbidden, "AuthorizationFailed");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Put, route, """{"reads": {"burst": 0, "perSecond": 1}, "writes": {"burst": 1, "perSecond": 1}}""", tokens.InstructorToken), HttpStatusCode.BadRequest, "InvalidRequestContent");
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Put, route, budget, tokens.InstructorToken)).Status);

        var url = arm.Vault + "/replicationFabrics";
        for (var i = 2; i >= 0; i--)
        {
            var ok = await arm.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, ok.Status);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Header("x-ms-ratelimit-remaining-subscription-reads"));
            Assert.Equal("2", ok.Header("x-ms-ratelimit-remaining-subscription-writes"));
        }
        var throttled = await arm.GetAsync(url);
        ArmHttp.AssertError(throttled, HttpStatusCode.TooManyRequests, "SubscriptionRequestsThrottled");
        Assert.True(int.Parse(throttled.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("0", throttled.Header("x-ms-ratelimit-remaining-subscription-reads"));

        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, route, token: tokens.InstructorToken)).Status);
        var free = await arm.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, free.Status);
        Assert.Null(free.Header("x-ms-ratelimit-remaining-subscription-reads"));
    }

    [Fact]
    public async Task The_schemas_refuse_a_misspelt_field_a_wrong_type_and_an_unknown_provider()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("shapes", SdkLab);
        var arm = new ArmHttp(server, "shapes", tokens);
        var list = await arm.ReadAsync(arm.Vault + "/replicationProtectedItems", "ReplicationProtectedItemCollection");
        var item = JsonNode.Parse(list.GetProperty("value")[0].GetRawText())!.AsObject();
        SpecSchemas.AssertValid("ReplicationProtectedItem", Element(item));

        // Planted: each mutant of a valid answer is refused.
        var misspelt = item.DeepClone().AsObject();
        var props = misspelt["properties"]!.AsObject();
        props["protectionstate"] = props["protectionState"]!.DeepClone();
        props.Remove("protectionState");
        Assert.NotEmpty(SpecSchemas.Problems("ReplicationProtectedItem", Element(misspelt)));
        var wrongType = item.DeepClone().AsObject();
        wrongType["properties"]!["providerSpecificDetails"]!["rpoInSeconds"] = "0";
        Assert.NotEmpty(SpecSchemas.Problems("ReplicationProtectedItem", Element(wrongType)));
        var unknownProvider = item.DeepClone().AsObject();
        unknownProvider["properties"]!["providerSpecificDetails"]!["instanceType"] = "InMageX";
        Assert.NotEmpty(SpecSchemas.Problems("ReplicationProtectedItem", Element(unknownProvider)));
        var badTime = item.DeepClone().AsObject();
        badTime["properties"]!["lastSuccessfulFailoverTime"] = "yesterday";
        Assert.NotEmpty(SpecSchemas.Problems("ReplicationProtectedItem", Element(badTime)));
    }

    /// <summary>A lab drill with <paramref name="count"/> VMs of one 1 MiB disk each (the vault holds every one, unprotected).</summary>
    public static string ManyVms(int count) =>
        $"title: {count} VMs\nseed: 5\ntopology:\n  hosts: [{{name: esxi-01, version: 7.0.0, edition: enterprise}}]\n"
        + "  datastores: [{name: DS1, hosts: [esxi-01], capacity: 1TiB}]\n  vms:\n"
        + string.Concat(Enumerable.Range(1, count).Select(i => $"    - {{name: vm{i:D4}, host: esxi-01, datastore: DS1, disks: [1MiB], ip: 10.0.{20 + i / 200}.{10 + i % 200}}}\n"))
        + "  azure: {}\nsteps:\n  - wait: 1m\n";

    private static string ArmEndpointsRoute(string lab) => Failback.Lab.Arm.ArmEndpoints.ThrottlingRoute.Replace("{lab}", lab, StringComparison.Ordinal);

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
