using System.Net;
using System.Text.Json;
using Xunit;

namespace Failback.Lab.Tests.Arm;

/// <summary>
/// What a runbook that keeps its recovery plans and reads its protected items hits first, over ARM's raw HTTP: a plan
/// replaced by PUT and updated by PATCH (UpdateRecoveryPlanInput), each answering the plan as the operation's result,
/// the $filter of the vault's list of protected items (ProtectedItemsQueryParameter), and the results of the operations
/// the other contract tests leave out (applyRecoveryPoint, a plan's reProtect, remove) judged by the spec's models.
/// </summary>
public sealed class ArmPlanUpdateTests
{
    /// <summary>app-01 and app-02 protected to Azure through ps-onprem; db-01 not protected.</summary>
    private const string Drill = """
        title: two machines protected, one not
        seed: 12
        durations: instant
        topology:
          vcenters: [{name: vcsa-01.lab.local}]
          hosts:
            - {name: esxi-01.lab.local, vcenter: vcsa-01.lab.local, version: 7.0.0, edition: enterprise}
          datastores:
            - {name: DS1, hosts: [esxi-01.lab.local], capacity: 1TiB}
          vms:
            - {name: app-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [16MiB], ip: 10.0.5.20}
            - {name: app-02, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [16MiB], ip: 10.0.5.21}
            - {name: db-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [16MiB], ip: 10.0.5.22}
          azure: {region: westeurope, resource-group: asr-recovery, network: recovery-net}
          connectivity: {link: vpn}
          configuration-server: {name: cs-01, ip: 10.0.9.5}
          process-servers:
            - {name: ps-onprem, ip: 10.0.9.6}
        steps:
          - enable-protection: {vm: app-01, process-server: ps-onprem}
          - enable-protection: {vm: app-02, process-server: ps-onprem}
          - wait-for-replication: {vm: app-01}
          - wait-for-replication: {vm: app-02}
        """;

    private static string Prop(JsonElement e, params string[] path) =>
        path.Aggregate(e, (x, p) => x.GetProperty(p)).ToString();

    private static string Groups(params string[][] groups) =>
        "[" + string.Join(", ", groups.Select(g => $$"""{"groupType": "Boot", "replicationProtectedItems": [{{string.Join(", ", g.Select(id => $$"""{"id": "{{id}}"}"""))}}]}""")) + "]";

    private static string WithGroups(string groups) => """{"properties": {"groups": """ + groups + "}}";

    /// <summary>The plan's Boot groups as lists of item names.</summary>
    private static List<List<string>> BootGroups(JsonElement plan) =>
        [.. plan.GetProperty("properties").GetProperty("groups").EnumerateArray().Where(g => Prop(g, "groupType") == "Boot")
            .Select(g => g.GetProperty("replicationProtectedItems").EnumerateArray().Select(i => Body(Prop(i, "id"))).ToList())];

    private static string Body(string id) => id[(id.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task A_recovery_plan_is_replaced_by_PUT_and_updated_by_PATCH_and_each_answers_the_plan()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("plans", server.Drill("plans.yaml", Drill));
        var arm = new ArmHttp(server, "plans", tokens);
        var ids = (await arm.ReadAsync(arm.Vault + "/replicationProtectedItems", "ReplicationProtectedItemCollection")).GetProperty("value").EnumerateArray()
            .ToDictionary(i => Prop(i, "properties", "friendlyName"), i => i.GetProperty("name").GetString()!);
        var (app1, app2, db1) = (arm.Item(ids["app-01"]), arm.Item(ids["app-02"]), arm.Item(ids["db-01"]));
        var plans = arm.Vault + "/replicationRecoveryPlans";

        // Created with one group; the operation's result (its Location) is the plan.
        var (status, result) = await arm.RunAsync(HttpMethod.Put, plans + "/web", """{"properties": {"primaryFabricId": "cs-01", "recoveryFabricId": "Microsoft Azure", "failoverDeploymentModel": "ResourceManager", "groups": """ + Groups([app1, app2]) + "}}");
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal([[ids["app-01"], ids["app-02"]]], BootGroups(result.Body));

        // PUT again, another case of its name: the same plan, replaced (ARM's names are case-insensitive).
        (status, result) = await arm.RunAsync(HttpMethod.Put, plans + "/WEB", WithGroups(Groups([app2])));
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal("web", Prop(result.Body, "name"));
        Assert.Equal([[ids["app-02"]]], BootGroups(await arm.ReadAsync(plans + "/web", "RecoveryPlan")));
        Assert.Single((await arm.ReadAsync(plans, "RecoveryPlanCollection")).GetProperty("value").EnumerateArray());

        // PATCH: the groups of UpdateRecoveryPlanInput replace the plan's; app-02 boots after app-01.
        (status, result) = await arm.RunAsync(HttpMethod.Patch, plans + "/web", WithGroups(Groups([app1], [app2])));
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal([[ids["app-01"]], [ids["app-02"]]], BootGroups(result.Body));
        Assert.Equal([[ids["app-01"]], [ids["app-02"]]], BootGroups(await arm.ReadAsync(plans + "/web", "RecoveryPlan")));

        // Another api-version a client may send, the same shapes: its operation's links carry the version it was called with.
        var newer = await arm.SendAsync(HttpMethod.Patch, plans + "/web?api-version=2025-08-01", WithGroups(Groups([app1], [app2])));
        Assert.Equal(HttpStatusCode.Accepted, newer.Status);
        Assert.EndsWith("?api-version=2025-08-01", newer.Header("Azure-AsyncOperation"), StringComparison.Ordinal);
        Assert.EndsWith("/replicationRecoveryPlans/web?api-version=2025-08-01", newer.Header("Location"), StringComparison.Ordinal);
        SpecSchemas.AssertValid("RecoveryPlan", (await arm.GetAsync(newer.Header("Location")!)).Body);

        // Refused before anything is journaled: a plan that does not exist, an update with no groups, an unknown item,
        // an item listed twice (a rule of ASR's plans).
        var (_, actionsBefore) = await server.GetAsync("plans", "/actions", tokens.InstructorToken);
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Patch, plans + "/nowhere", WithGroups(Groups([app1]))), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Patch, plans + "/web", """{"properties": {}}"""), HttpStatusCode.BadRequest, "InvalidRequestContent");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Patch, plans + "/web", WithGroups(Groups([arm.Item("vm-999")]))), HttpStatusCode.NotFound, "ResourceNotFound");
        ArmHttp.AssertError(await arm.SendAsync(HttpMethod.Patch, plans + "/web", WithGroups(Groups([app1], [app1]))), HttpStatusCode.BadRequest, "InvalidRecoveryPlan");
        var (_, actionsAfter) = await server.GetAsync("plans", "/actions", tokens.InstructorToken);
        Assert.Equal(actionsBefore.GetArrayLength(), actionsAfter.GetArrayLength());
        Assert.Equal([[ids["app-01"]], [ids["app-02"]]], BootGroups(await arm.ReadAsync(plans + "/web", "RecoveryPlan")));
    }

    [Fact]
    public async Task The_vaults_list_of_protected_items_takes_ASRs_filter_and_the_vault_lists_its_containers()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("filters", server.Drill("filters.yaml", Drill));
        var arm = new ArmHttp(server, "filters", tokens);
        var all = arm.Vault + "/replicationProtectedItems";
        async Task<List<string>> Names(string filter) =>
            [.. (await arm.ReadAsync($"{all}?{ArmHttp.Version}&$filter={Uri.EscapeDataString(filter)}", "ReplicationProtectedItemCollection"))
                .GetProperty("value").EnumerateArray().Select(i => Prop(i, "properties", "friendlyName")).Order(StringComparer.Ordinal)];
        var everything = (await arm.ReadAsync(all, "ReplicationProtectedItemCollection")).GetProperty("value").EnumerateArray().ToList();
        var ids = everything.ToDictionary(i => Prop(i, "properties", "friendlyName"), i => i.GetProperty("name").GetString()!);
        var fabric = await arm.ReadAsync(arm.Vault + "/replicationFabrics/cs-01", "Fabric");
        var ps = fabric.GetProperty("properties").GetProperty("customDetails").GetProperty("processServers")[0].GetProperty("id").GetString()!;

        // The vault's list of containers (ReplicationProtectionContainers_List) as a runbook finds the container of its items.
        var containers = await arm.ReadAsync(arm.Vault + "/replicationProtectionContainers", "ProtectionContainerCollection");
        Assert.Equal(arm.Container, containers.GetProperty("value")[0].GetProperty("id").GetString());

        Assert.Equal(everything.Count, (await Names("sourceFabricName eq 'cs-01'")).Count);
        Assert.Empty(await Names("sourceFabricName eq 'cs-02'"));
        Assert.Equal(["app-01", "app-02"], await Names($"processServerId eq '{ps}'"));
        Assert.Equal(["app-01", "app-02"], await Names("processServerId eq 'ps-onprem' and sourceFabricName eq 'CS-01'"));
        Assert.Empty(await Names("instanceType eq 'InMage'"));
        Assert.Empty(await Names("recoveryPlanName eq 'db'"));
        var (status, _) = await arm.RunAsync(HttpMethod.Put, arm.Vault + "/replicationRecoveryPlans/db", WithGroups(Groups([arm.Item(ids["app-02"])])));
        Assert.Equal("Succeeded", Prop(status, "status"));
        Assert.Equal(["app-02"], await Names("recoveryPlanName eq 'db'"));
        Assert.Equal(["app-02"], await Names($"recoveryPlanName eq 'db' and instanceType eq 'InMageAzureV2' and processServerId eq '{ps}'"));

        // Names the lab's items do not record, and names ASR's filter does not have, are refused rather than ignored.
        ArmHttp.AssertError(await arm.GetAsync($"{all}?{ArmHttp.Version}&$filter={Uri.EscapeDataString("vCenterName eq 'vcsa-01.lab.local'")}"), HttpStatusCode.BadRequest, "InvalidFilter");
        ArmHttp.AssertError(await arm.GetAsync($"{all}?{ArmHttp.Version}&$filter={Uri.EscapeDataString("friendlyName eq 'app-01'")}"), HttpStatusCode.BadRequest, "InvalidFilter");
        ArmHttp.AssertError(await arm.GetAsync($"{all}?{ArmHttp.Version}&$filter={Uri.EscapeDataString("instanceType = 'InMage'")}"), HttpStatusCode.BadRequest, "InvalidFilter");
    }

    [Fact]
    public async Task ApplyRecoveryPoint_a_plans_reprotect_and_remove_answer_the_specs_models()
    {
        await using var server = await LabServer.StartAsync();
        var tokens = await server.CreateAsync("models", Path.Combine(RepoRoot.Path, "properties", "arm-sdk", "failback-lab.yaml"));
        var (arm, id) = await ArmTestFailoverTests.ProtectedAsync(server, "models", tokens);
        var fabric = (await arm.ReadAsync(arm.Vault + "/replicationFabrics/cs-01", "Fabric")).GetProperty("properties").GetProperty("customDetails");
        string Ps(string name) => fabric.GetProperty("processServers").EnumerateArray().Single(p => Prop(p, "friendlyName") == name).GetProperty("id").GetString()!;
        var policy = (await arm.ReadAsync(arm.Vault + "/replicationPolicies", "PolicyCollection")).GetProperty("value").EnumerateArray()
            .Single(p => Prop(p, "properties", "providerSpecificDetails", "instanceType") == "InMage").GetProperty("id").GetString();
        var back = $$"""
            {"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": {"instanceType": "InMage",
              "masterTargetId": "{{fabric.GetProperty("masterTargetServers")[0].GetProperty("id").GetString()}}", "processServerId": "{{Ps("ps-azure")}}",
              "datastoreName": "DS1", "retentionDrive": "R:", "profileId": "{{policy}}"} } }
            """;
        const string ToAzure = """{"properties": {"failoverDirection": "PrimaryToRecovery", "providerSpecificDetails": {"instanceType": "InMageAzureV2"}}}""";
        async Task Run(HttpMethod method, string url, string? body = null)
        {
            // RunAsync judges the operation's result (its Location) against the spec's model of what it acted on.
            var (status, _) = await arm.RunAsync(method, url, body);
            Assert.True(Prop(status, "status") == "Succeeded", $"{method} {url}: {status}");
        }

        // Failover, then the recovery point changed before the commit (applyRecoveryPoint answers the item).
        await Run(HttpMethod.Post, arm.Item(id) + "/unplannedFailover", ToAzure);
        var points = (await arm.ReadAsync(arm.Item(id) + "/recoveryPoints", "RecoveryPointCollection")).GetProperty("value");
        Assert.True(points.GetArrayLength() > 1, points.ToString());
        await Run(HttpMethod.Post, arm.Item(id) + "/applyRecoveryPoint",
            $$"""{"properties": {"recoveryPointId": "{{points[0].GetProperty("id").GetString()}}", "providerSpecificDetails": {"instanceType": "InMageAzureV2"} } }""");
        Assert.EndsWith(points[0].GetProperty("name").GetString()!, Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "failoverRecoveryPointId"), StringComparison.Ordinal);
        await Run(HttpMethod.Post, arm.Item(id) + "/failoverCommit");

        // Once reprotected on its own each way, the machine goes round through a plan whose reprotect (no input) reuses those values.
        await Run(HttpMethod.Post, arm.Item(id) + "/reProtect", back);
        await arm.UntilStateAsync(id, "Protected");
        await server.AdvanceAsync("models", tokens, TimeSpan.FromMinutes(30));
        var plan = arm.Vault + "/replicationRecoveryPlans/round";
        await Run(HttpMethod.Put, plan, WithGroups(Groups([arm.Item(id)])));
        await Run(HttpMethod.Post, plan + "/unplannedFailover", """{"properties": {"failoverDirection": "RecoveryToPrimary", "sourceSiteOperations": "NotRequired"}}""");
        await Run(HttpMethod.Post, plan + "/failoverCommit");
        await Run(HttpMethod.Post, arm.Item(id) + "/reProtect",
            $$"""{"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": {"instanceType": "InMageAzureV2", "processServerId": "{{Ps("ps-onprem")}}"} } }""");
        await arm.UntilStateAsync(id, "Protected");
        await server.AdvanceAsync("models", tokens, TimeSpan.FromMinutes(30));
        await Run(HttpMethod.Post, plan + "/unplannedFailover", """{"properties": {"failoverDirection": "PrimaryToRecovery", "sourceSiteOperations": "NotRequired"}}""");
        await Run(HttpMethod.Post, plan + "/failoverCommit");
        await Run(HttpMethod.Post, plan + "/reProtect");
        await arm.UntilStateAsync(id, "Protected");
        Assert.Equal("InMage", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "providerSpecificDetails", "instanceType"));

        // The plan deleted, protection disabled with remove (POST), whose result is the item, unprotected.
        await Run(HttpMethod.Delete, plan);
        await Run(HttpMethod.Post, arm.Item(id) + "/remove", """{"properties": {"disableProtectionReason": "NotSpecified"}}""");
        Assert.Equal("UnprotectedStatesBegin", Prop(await arm.ReadAsync(arm.Item(id), "ReplicationProtectedItem"), "properties", "protectionState"));
    }
}
