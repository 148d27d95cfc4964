using System.Globalization;
using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Jobs;
using Failback.Lab.Arm.Resources;
using Failback.Lab.Sessions;
using Microsoft.AspNetCore.Http;

namespace Failback.Lab.Arm;

/// <summary>
/// ASR's long-running operations over a lab: the operation is one drill step submitted to the lab (journaled and
/// applied at the current virtual instant) and its id is the job the step started. The answer is 202 with
/// <c>Azure-AsyncOperation</c> (the operation's status), <c>Location</c> (its result) and <c>Retry-After</c>; a step
/// the engine refuses at once is answered with ASR's error instead, so the SDK raises a RestError with ASR's code.
/// </summary>
internal static class ArmOperations
{
    private const string StepPrefix = "step-";

    /// <summary>Submits <paramref name="step"/>; <paramref name="target"/> is the item or plan whose job it starts.</summary>
    public static async Task<IResult> StartAsync(ArmContext ctx, JsonObject step, string target, Func<string, string>? location = null)
    {
        var before = await ctx.ReadAsync(v => v.Vault.Jobs.Count);
        LabResult result;
        try
        {
            // ASR's API refuses an operation before any job: the vault's preflight, the lab unchanged.
            result = await ctx.Session.SubmitAsync(LabCommand.Step(step), ctx.Role, preflight: true);
        }
        catch (LabInputException e)
        {
            throw ArmException.Of(e);
        }
        var job = await ctx.ReadAsync(v => v.Vault.Jobs.Skip(before).LastOrDefault(j => j.TargetId == target));
        if (result.Outcome == LabOutcome.Refused) throw Refusal(result, job);
        var operation = job?.Id ?? StepPrefix + result.Step.ToString(CultureInfo.InvariantCulture);
        return Accepted(ctx, operation, location?.Invoke(operation));
    }

    /// <summary>202 with the operation's status and result URLs and how long to wait before polling.</summary>
    public static IResult Accepted(ArmContext ctx, string operation, string? location = null)
    {
        var headers = ctx.Http.Response.Headers;
        var query = "?api-version=" + Uri.EscapeDataString(ctx.ApiVersion);
        var vault = VaultPath(ctx);
        headers["Azure-AsyncOperation"] = $"{ctx.BaseUrl}{vault}/replicationOperationStatus/{operation}{query}";
        headers.Location = location is null ? $"{ctx.BaseUrl}{vault}/replicationOperationResults/{operation}{query}" : ctx.BaseUrl + location + query;
        headers.RetryAfter = ctx.Options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.StatusCode(202);
    }

    /// <summary>The operation status resource: InProgress until the job ends, then Succeeded, Failed (with the job's error) or Canceled.</summary>
    public static Task<JsonObject> StatusAsync(ArmContext ctx, string operation) => ctx.ReadAsync(v =>
    {
        var status = new JsonObject { ["id"] = v.Arm.OperationStatus(operation), ["name"] = operation };
        if (operation.StartsWith(StepPrefix, StringComparison.Ordinal))
        {
            status["status"] = "Succeeded";
            return status;
        }
        var job = Job(v, operation);
        status["status"] = Status(job.State);
        status.Set("startTime", job.StartTime).Set("endTime", job.EndTime);
        if (job.Errors.Count > 0 && job.State is JobState.Failed or JobState.Cancelled)
            status["error"] = ArmException.Asr(job.Errors[0]).Body()["error"]!.DeepClone();
        status["properties"] = new JsonObject { ["jobId"] = v.Arm.Job(job.Id) };
        return status;
    });

    /// <summary>The operation's result: 202 while it runs, then the item or plan it acted on, or its error.</summary>
    public static async Task<IResult> ResultAsync(ArmContext ctx, string operation)
    {
        if (operation.StartsWith(StepPrefix, StringComparison.Ordinal)) return Results.NoContent();
        var (done, body, error) = await ctx.ReadAsync(v =>
        {
            var job = Job(v, operation);
            if (job.State is JobState.NotStarted or JobState.InProgress or JobState.Suspended) return (false, (JsonNode?)null, (ArmException?)null);
            if (job.State != JobState.Succeeded)
                return (true, null, job.Errors.Count > 0 ? ArmException.Asr(job.Errors[0]) : new ArmException(400, job.State.ToString(), $"{job.Id} ended {job.State}."));
            JsonNode answer = job.TargetKind == JobTargetKind.RecoveryPlan
                ? RecoveryPlanJson.Of(v, v.Plan(job.TargetId))
                : ProtectedItemJson.Of(v, v.Item(job.TargetId), v.Vault.Jobs);
            return (true, answer, null);
        });
        if (!done) return Accepted(ctx, operation);
        if (error is not null) throw error;
        return ArmContext.Json(body!);
    }

    private static Job Job(VaultView view, string operation) => view.Vault.Job(operation)
        ?? throw ArmException.NotFound("operation", operation);

    private static string Status(JobState state) => state switch
    {
        JobState.Succeeded => "Succeeded",
        JobState.Failed => "Failed",
        JobState.Cancelled => "Canceled",
        _ => "InProgress",
    };

    private static string VaultPath(ArmContext ctx)
    {
        var r = ctx.Http.Request.RouteValues;
        return $"/subscriptions/{r["subscription"]}/resourceGroups/{r["resourceGroup"]}/providers/{ArmVault.Provider}/{r["vault"]}";
    }

    /// <summary>ASR's error for a refused step: the failed job's error when one was recorded, else the catalog's entry for the code.</summary>
    private static ArmException Refusal(LabResult result, Job? job)
    {
        if (job?.Errors.FirstOrDefault(e => e.Code == result.Code) is { } recorded) return ArmException.Asr(recorded);
        var message = result.Message ?? result.Code ?? "refused";
        const string before = "refused before any job: ";
        if (message.StartsWith(before, StringComparison.Ordinal)) message = message[before.Length..];
        var definition = ErrorCatalog.All.FirstOrDefault(d => d.Code == result.Code);
        return new ArmException(400, result.Code ?? "OperationRefused", message, definition?.PossibleCauses, definition?.RecommendedAction);
    }
}
