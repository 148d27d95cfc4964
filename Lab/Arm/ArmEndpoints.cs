using System.Text.Json.Nodes;
using Failback.Lab.Arm.Inputs;
using Failback.Lab.Arm.Resources;
using Failback.Lab.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Failback.Lab.Arm;

/// <summary>
/// ASR's REST API (Microsoft.RecoveryServices, api-version 2023-06-01 and those of the same shape) over the labs of a
/// host: the vault is the lab, its VMware fabric the configuration server. Reads answer the vault's state in the
/// spec's shapes; operations run as the lab's steps (journaled, applied at the lab's virtual time) and answer as ARM's
/// long-running operations. What the engine does not run is refused with <c>OperationNotSupportedInLab</c>.
/// </summary>
public static class ArmEndpoints
{
    private const string Vault = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.RecoveryServices/vaults/{vault}";
    private const string Fabric = Vault + "/replicationFabrics/{fabric}";
    private const string Container = Fabric + "/replicationProtectionContainers/{container}";
    private const string Item = Container + "/replicationProtectedItems/{item}";
    private const string Plan = Vault + "/replicationRecoveryPlans/{plan}";

    /// <summary>Item actions of ASR that the lab's engine does not run yet.</summary>
    private static readonly string[] ItemActionsNotServed =
    [
        "failoverCancel", "repairReplication",
        "addDisks", "removeDisks", "resolveHealthErrors", "switchProvider", "updateMobilityService", "updateAppliance",
    ];

    private static readonly string[] PlanActionsNotServed = ["failoverCancel"];

    /// <summary>Mounts the ARM API for the labs of <paramref name="labs"/>.</summary>
    public static IEndpointRouteBuilder MapArm(this IEndpointRouteBuilder app, LabRegistry labs, ArmThrottle? throttle = null, ArmOptions? options = null)
    {
        var api = new Api(labs, throttle ?? new ArmThrottle(), options ?? new ArmOptions());

        app.MapGet(Vault, api.Read((v, _) => Json.Resource(v.Arm.Id, v.Arm.Name, ArmVault.Provider, v.Arm.Location,
            new JsonObject { ["provisioningState"] = "Succeeded" })));

        // Fabric, container, vCenters.
        app.MapGet(Vault + "/replicationFabrics", api.Read((v, _) => Json.Page([FabricJson.Of(v)], null)));
        app.MapGet(Fabric, api.Read((v, c) => { v.RequireFabric(c.Route("fabric")); return FabricJson.Of(v); }));
        app.MapGet(Vault + "/replicationProtectionContainers", api.Read((v, _) => Json.Page([ContainerJson.Of(v)], null)));
        app.MapGet(Fabric + "/replicationProtectionContainers", api.Read((v, c) => { v.RequireFabric(c.Route("fabric")); return Json.Page([ContainerJson.Of(v)], null); }));
        app.MapGet(Container, api.Read((v, c) => { v.RequireContainer(c.Route("fabric"), c.Route("container")); return ContainerJson.Of(v); }));
        app.MapGet(Vault + "/replicationvCenters", api.Read((v, _) => Json.Page(VCenterJson.All(v).Select(s => (JsonNode)VCenterJson.Of(v, s)), null)));
        app.MapGet(Fabric + "/replicationvCenters", api.Read((v, c) => { v.RequireFabric(c.Route("fabric")); return Json.Page(VCenterJson.All(v).Select(s => (JsonNode)VCenterJson.Of(v, s)), null); }));
        app.MapGet(Fabric + "/replicationvCenters/{vCenter}", api.Read((v, c) =>
        {
            v.RequireFabric(c.Route("fabric"));
            var name = c.Route("vCenter");
            return VCenterJson.Of(v, VCenterJson.All(v).FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) ?? throw ArmException.NotFound("vCenter", name));
        }));

        // Protected items and their recovery points.
        // The vault's list takes ASR's $filter; the container's list has none in the spec.
        app.MapGet(Vault + "/replicationProtectedItems", api.Read((v, c) => Items(v, c, ItemFilter.Parse(v, c.Http.Request.Query["$filter"].ToString()))));
        app.MapGet(Container + "/replicationProtectedItems", api.Read((v, c) => { v.RequireContainer(c.Route("fabric"), c.Route("container")); return Items(v, c, null); }));
        app.MapGet(Item, api.Read((v, c) => ProtectedItemJson.Of(v, ItemOf(v, c), v.Vault.Jobs)));
        app.MapGet(Item + "/recoveryPoints", api.Read((v, c) =>
        {
            var item = ItemOf(v, c);
            return c.Page(v.Vault.RecoveryPoints(item.Id), p => RecoveryPointJson.Of(v, item, p));
        }));
        app.MapGet(Item + "/recoveryPoints/{point}", api.Read((v, c) =>
        {
            var item = ItemOf(v, c);
            var name = c.Route("point");
            return RecoveryPointJson.Of(v, item, v.Vault.RecoveryPoints(item.Id).FirstOrDefault(p => string.Equals(p.Id, name, StringComparison.OrdinalIgnoreCase))
                ?? throw ArmException.NotFound("recovery point", name));
        }));
        app.MapPut(Item, api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Enable protection");
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.Enable(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapMethods(Item, ["DELETE"], api.Operation(c => Disable(c)));
        app.MapPost(Item + "/remove", api.Operation(c => Disable(c)));
        app.MapPost(Item + "/unplannedFailover", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "unplannedFailover");
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.Failover(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapPost(Item + "/failoverCommit", api.Operation(async c =>
        {
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.Step("commit", new JsonObject { ["vm"] = v.MachineName(item.Id) }), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapPost(Item + "/reProtect", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "reProtect");
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.Reprotect(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapPost(Item + "/testFailover", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "testFailover");
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.TestFailover(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapPost(Item + "/testFailoverCleanup", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "testFailoverCleanup", optional: true);
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.TestFailoverCleanup(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        app.MapPost(Item + "/applyRecoveryPoint", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "applyRecoveryPoint");
            var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.ChangeRecoveryPoint(v, item, body), item.Id); });
            return await ArmOperations.StartAsync(c, step, id);
        }));
        // Planned failover is Hyper-V's: ASR refuses it for the classic VMware providers (InMageAzureV2, InMage).
        app.MapPost(Item + "/plannedFailover", api.Operation(async c =>
        {
            var provider = await c.ReadAsync(v => ProtectedItemJson.ProviderName(ItemOf(v, c)));
            throw ArmException.PlannedFailoverNotSupported(provider);
        }));
        foreach (var action in ItemActionsNotServed)
            app.MapPost(Item + "/" + action, api.Operation(async c => { await c.ReadAsync(v => ItemOf(v, c)); throw ArmException.NotSupported(action); }));

        // Jobs.
        app.MapGet(Vault + "/replicationJobs", api.Read((v, c) =>
        {
            var filter = JobFilter.Parse(c.Http.Request.Query["$filter"].ToString());
            return c.Page([.. v.Vault.Jobs.Where(filter.Matches)], j => JobJson.Of(v, j));
        }));
        app.MapGet(Vault + "/replicationJobs/{job}", api.Read((v, c) => JobJson.Of(v, JobOf(v, c))));
        app.MapPost(Vault + "/replicationJobs/{job}/restart", api.Operation(async c =>
        {
            var (step, id) = await c.ReadAsync(v =>
            {
                var job = JobOf(v, c);
                if (job.TargetKind != Engine.Orchestration.Jobs.JobTargetKind.ProtectedItem || !job.AllowedActions.Contains(Engine.Orchestration.Vocabulary.JobNames.Restart))
                    throw ArmException.Asr(Engine.Orchestration.Errors.ErrorCatalog.JobNotRestartable.Create($"{job.Id} ({job.FriendlyName} of '{job.TargetObjectName}') is {job.StateDescription} and allows no restart"));
                return (ItemInputs.Step("restart-job", new JsonObject { ["vm"] = v.MachineName(job.TargetId) }), job.TargetId);
            });
            // The restarted job is the operation's result (ASR's restart answers the new Job).
            return await ArmOperations.StartAsync(c, step, id, operation => $"{VaultPath(c)}/replicationJobs/{operation}");
        }));
        app.MapPost(Vault + "/replicationJobs/{job}/cancel", api.Operation(async c =>
        {
            var (step, id, jobId) = await c.ReadAsync(v =>
            {
                var job = JobOf(v, c);
                if (job.TargetKind == Engine.Orchestration.Jobs.JobTargetKind.RecoveryPlan)
                    throw ArmException.NotSupported("job cancel of a recovery plan's job");
                // The step cancels the machine's running job: only this one, when it is the one that allows Cancel (an
                // infrastructure job allows none).
                var running = job.TargetKind != Engine.Orchestration.Jobs.JobTargetKind.ProtectedItem ? null
                    : v.Vault.Jobs.LastOrDefault(j => j.TargetId == job.TargetId && j.AllowedActions.Contains(Engine.Orchestration.Vocabulary.JobNames.Cancel));
                if (running is null || running.Id != job.Id)
                    throw ArmException.Asr(Engine.Orchestration.Errors.ErrorCatalog.JobNotCancellable.Create($"{job.Id} ({job.FriendlyName} of '{job.TargetObjectName}') is {job.StateDescription} and allows no cancel"));
                return (ItemInputs.Step("cancel-job", new JsonObject { ["vm"] = v.MachineName(job.TargetId) }), job.TargetId, job.Id);
            });
            // ASR's cancel answers the job; the job itself ends Cancelled once its current task has stopped.
            return await ArmOperations.StartAsync(c, step, id, _ => $"{VaultPath(c)}/replicationJobs/{jobId}");
        }));
        foreach (var action in new[] { "resume" })
            app.MapPost(Vault + "/replicationJobs/{job}/" + action, api.Operation(async c => { await c.ReadAsync(v => JobOf(v, c)); throw ArmException.NotSupported("job " + action); }));

        // Operations.
        app.MapGet(Vault + "/replicationOperationStatus/{operation}", api.Run(false, async c => ArmContext.Json(await ArmOperations.StatusAsync(c, c.Route("operation")))));
        app.MapGet(Vault + "/replicationOperationResults/{operation}", api.Run(false, c => ArmOperations.ResultAsync(c, c.Route("operation"))));

        // Recovery plans.
        app.MapGet(Vault + "/replicationRecoveryPlans", api.Read((v, _) =>
            Json.Page(v.World.Plans.Values.Select(p => (JsonNode)RecoveryPlanJson.Of(v, p.Plan)), null)));
        app.MapGet(Plan, api.Read((v, c) => RecoveryPlanJson.Of(v, v.Plan(c.Route("plan")))));
        // PUT creates a plan or replaces the one of that name (ARM names are case-insensitive); PATCH updates an existing
        // plan's groups. Neither runs a job: the operation's result is the plan.
        app.MapPut(Plan, api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Create recovery plan");
            var (step, name) = await c.ReadAsync(v =>
            {
                var planName = v.World.Plans.Keys.FirstOrDefault(k => string.Equals(k, c.Route("plan"), StringComparison.OrdinalIgnoreCase)) ?? c.Route("plan");
                return (PlanInputs.Create(v, planName, body), planName);
            });
            return await ArmOperations.StartAsync(c, step, name, _ => PlanPath(c, name));
        }));
        app.MapMethods(Plan, ["PATCH"], api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Update recovery plan");
            var (step, name) = await c.ReadAsync(v => { var plan = v.Plan(c.Route("plan")); return (PlanInputs.Update(v, plan, body), plan.Name); });
            return await ArmOperations.StartAsync(c, step, name, _ => PlanPath(c, name));
        }));
        app.MapMethods(Plan, ["DELETE"], api.Operation(async c =>
        {
            var name = await c.ReadAsync(v => v.Plan(c.Route("plan")).Name);
            return await ArmOperations.StartAsync(c, ItemInputs.Step("delete-plan", new JsonObject { ["plan"] = name }), name);
        }));
        app.MapPost(Plan + "/unplannedFailover", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Recovery plan failover", optional: true);
            var (step, name) = await c.ReadAsync(v => { var plan = v.Plan(c.Route("plan")); return (PlanInputs.Failover(plan, body), plan.Name); });
            return await ArmOperations.StartAsync(c, step, name);
        }));
        app.MapPost(Plan + "/failoverCommit", api.Operation(async c =>
        {
            var name = await c.ReadAsync(v => v.Plan(c.Route("plan")).Name);
            return await ArmOperations.StartAsync(c, ItemInputs.Step("plan-commit", new JsonObject { ["plan"] = name }), name);
        }));
        app.MapPost(Plan + "/reProtect", api.Operation(async c =>
        {
            var name = await c.ReadAsync(v => v.Plan(c.Route("plan")).Name);
            return await ArmOperations.StartAsync(c, ItemInputs.Step("plan-reprotect", new JsonObject { ["plan"] = name }), name);
        }));
        app.MapPost(Plan + "/testFailover", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Recovery plan test failover");
            var (step, name) = await c.ReadAsync(v => { var plan = v.Plan(c.Route("plan")); return (PlanInputs.TestFailover(v, plan, body), plan.Name); });
            return await ArmOperations.StartAsync(c, step, name);
        }));
        app.MapPost(Plan + "/testFailoverCleanup", api.Operation(async c =>
        {
            var body = await Body.ReadAsync(c.Http.Request, "Recovery plan test failover cleanup", optional: true);
            var (step, name) = await c.ReadAsync(v => { var plan = v.Plan(c.Route("plan")); return (PlanInputs.TestFailoverCleanup(plan, body), plan.Name); });
            return await ArmOperations.StartAsync(c, step, name);
        }));
        app.MapPost(Plan + "/plannedFailover", api.Operation(async c =>
        {
            var provider = await c.ReadAsync(v => { var plan = v.Plan(c.Route("plan")); return plan.ItemIds.Select(id => ProtectedItemJson.ProviderName(v.Item(id))).First(); });
            throw ArmException.PlannedFailoverNotSupported(provider);
        }));
        foreach (var action in PlanActionsNotServed)
            app.MapPost(Plan + "/" + action, api.Operation(async c => { await c.ReadAsync(v => v.Plan(c.Route("plan"))); throw ArmException.NotSupported("recovery plan " + action); }));

        // Policies.
        app.MapGet(Vault + "/replicationPolicies", api.Read((v, _) => Json.Page(PolicyJson.All(v).Select(p => (JsonNode)PolicyJson.Of(v, p)), null)));
        app.MapGet(Vault + "/replicationPolicies/{policy}", api.Read((v, c) =>
        {
            var name = c.Route("policy");
            return PolicyJson.Of(v, PolicyJson.All(v).FirstOrDefault(p => string.Equals(p.Id, name, StringComparison.OrdinalIgnoreCase)) ?? throw ArmException.NotFound("replication policy", name));
        }));

        // The instructor's switch for ARM's throttling of the lab (beside the lab's own API).
        app.MapPut(ThrottlingRoute, api.Instructor(async (http, lab) =>
        {
            var body = await Body.ReadAsync(http.Request, "ARM throttling");
            api.Throttle.Set(lab, Budget(body, "reads"), Budget(body, "writes"));
            return ArmContext.Json(Throttling(api.Throttle, lab));
        }));
        app.MapGet(ThrottlingRoute, api.Instructor((_, lab) => Task.FromResult(ArmContext.Json(Throttling(api.Throttle, lab)))));
        app.MapDelete(ThrottlingRoute, api.Instructor((_, lab) =>
        {
            api.Throttle.Set(lab, null, null);
            return Task.FromResult(ArmContext.Json(Throttling(api.Throttle, lab)));
        }));

        // The Azure resources a trainee looks at (Microsoft.Compute, Microsoft.Network).
        Azure.AzureEndpoints.Map(app, api.ReadWorld);

        // Anything else under a vault: ARM's answer for a type the provider does not have.
        app.Map(Vault + "/{**rest}", api.Run(false, c => throw new ArmException(404, "InvalidResourceType",
            $"The lab's vault does not serve '{c.Http.Request.Method} .../{c.Route("rest")}'. It serves replicationFabrics, replicationProtectionContainers, replicationProtectedItems, recoveryPoints, replicationJobs, replicationRecoveryPlans, replicationPolicies and replicationvCenters.")));
        return app;
    }

    /// <summary>Where an instructor turns ARM's throttling of a lab on (PUT), reads it (GET) or turns it off (DELETE).</summary>
    public const string ThrottlingRoute = "/lab/v1/labs/{lab}/arm/throttling";

    private static ArmThrottle.Budget Budget(Body body, string name)
    {
        var burst = body.Number($"{name}.burst") ?? throw ArmException.BadRequest($"ARM throttling: '{name}.burst' (requests a client may send at once) is required, e.g. {{\"{name}\": {{\"burst\": 250, \"perSecond\": 25}}}}.");
        var perSecond = body.Number($"{name}.perSecond") ?? throw ArmException.BadRequest($"ARM throttling: '{name}.perSecond' (the refill rate) is required.");
        if (burst is < 1 or > 1_000_000 || perSecond is < 0 or > 1_000_000)
            throw ArmException.BadRequest($"ARM throttling: {name} takes a burst of 1 to 1,000,000 requests and a refill of 0 to 1,000,000 per second, not {burst} and {perSecond}.");
        return new ArmThrottle.Budget((int)burst, perSecond);
    }

    private static JsonObject Throttling(ArmThrottle throttle, string lab) => throttle.Get(lab) is { } b
        ? new JsonObject
        {
            ["reads"] = new JsonObject { ["burst"] = b.Reads.Burst, ["perSecond"] = b.Reads.PerSecond },
            ["writes"] = new JsonObject { ["burst"] = b.Writes.Burst, ["perSecond"] = b.Writes.PerSecond },
        }
        : new JsonObject { ["off"] = true };

    private static JsonObject Items(VaultView v, ArmContext c, ItemFilter? filter)
    {
        var jobs = v.Vault.Jobs;
        return c.Page(filter is null ? v.Vault.Items : [.. v.Vault.Items.Where(filter.Matches)], i => ProtectedItemJson.Of(v, i, jobs));
    }

    private static Engine.Orchestration.Items.ProtectedItem ItemOf(VaultView v, ArmContext c)
    {
        v.RequireContainer(c.Route("fabric"), c.Route("container"));
        return v.Item(c.Route("item"));
    }

    private static Engine.Orchestration.Jobs.Job JobOf(VaultView v, ArmContext c) =>
        v.Vault.Job(c.Route("job")) ?? v.Vault.Jobs.FirstOrDefault(j => string.Equals(j.Id, c.Route("job"), StringComparison.OrdinalIgnoreCase))
        ?? throw ArmException.NotFound("job", c.Route("job"));

    private static async Task<IResult> Disable(ArmContext c)
    {
        var (step, id) = await c.ReadAsync(v => { var item = ItemOf(v, c); return (ItemInputs.Step("disable-protection", new JsonObject { ["vm"] = v.MachineName(item.Id) }), item.Id); });
        return await ArmOperations.StartAsync(c, step, id);
    }

    private static string PlanPath(ArmContext c, string plan) => $"{VaultPath(c)}/replicationRecoveryPlans/{Uri.EscapeDataString(plan)}";

    private static string VaultPath(ArmContext c) =>
        $"/subscriptions/{c.Route("subscription")}/resourceGroups/{c.Route("resourceGroup")}/providers/{ArmVault.Provider}/{c.Route("vault")}";

    /// <summary>Wraps handlers: opens the request's context, answers ARM's error shape for whatever is refused.</summary>
    private sealed class Api(LabRegistry labs, ArmThrottle throttle, ArmOptions options)
    {
        public ArmThrottle Throttle => throttle;

        /// <summary>A route of the lab's instructor: the lab's instructor token, else 401 or 403.</summary>
        public RequestDelegate Instructor(Func<HttpContext, string, Task<IResult>> handle) => async http =>
        {
            IResult result;
            try
            {
                var lab = http.Request.RouteValues["lab"] as string ?? "";
                var header = http.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
                result = labs.Authenticate(lab, token) switch
                {
                    null => throw new ArmException(401, "AuthenticationFailed", "Give the lab's instructor token as 'Authorization: Bearer TOKEN'."),
                    LabRole.Trainee => throw new ArmException(403, "AuthorizationFailed", "Only the lab's instructor turns ARM's throttling on or off."),
                    _ => await handle(http, lab),
                };
            }
            catch (ArmException e)
            {
                result = ArmContext.Json(e.Body(), e.Status);
            }
            await result.ExecuteAsync(http);
        };

        private readonly ReadCache _cache = new();

        public RequestDelegate Read(Func<VaultView, ArmContext, JsonNode> read) =>
            Run(false, async c => ArmContext.Json(await _cache.GetAsync(c, () => c.ReadAsync(v => ArmContext.Utf8(read(v, c))))));

        /// <summary>A read of the lab's world outside the vault (Microsoft.Compute, Microsoft.Network), cached as the vault's reads.</summary>
        public RequestDelegate ReadWorld(Func<Scenarios.World.DrillWorld, ArmContext, JsonNode> read) =>
            Run(false, async c => ArmContext.Json(await _cache.GetAsync(c, () => c.ReadWorldAsync(w => ArmContext.Utf8(read(w, c))))));

        public RequestDelegate Operation(Func<ArmContext, Task<IResult>> handle) => Run(true, handle);

        public RequestDelegate Run(bool write, Func<ArmContext, Task<IResult>> handle) => async http =>
        {
            IResult result;
            try
            {
                result = await handle(await ArmContext.OpenAsync(http, labs, throttle, options, write));
            }
            catch (ArmException e)
            {
                result = ArmContext.Json(e.Body(), e.Status);
            }
            catch (LabInputException e)
            {
                result = ArmContext.Json(ArmException.Of(e).Body(), e.Status);
            }
            await result.ExecuteAsync(http);
        };
    }
}
