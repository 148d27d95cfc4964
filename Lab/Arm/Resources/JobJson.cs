using System.Globalization;
using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Jobs;

namespace Failback.Lab.Arm.Resources;

/// <summary>A job as ASR's Job resource: scenario and friendly name, state and its description, tasks, errors and actions.</summary>
internal static class JobJson
{
    public static JsonObject Of(VaultView view, Job job)
    {
        var arm = view.Arm;
        var plan = job.TargetKind == JobTargetKind.RecoveryPlan;
        var properties = new JsonObject
        {
            ["activityId"] = job.Id,
            ["scenarioName"] = job.ScenarioName,
            ["friendlyName"] = job.FriendlyName,
            ["state"] = job.State.ToString(),
            ["stateDescription"] = job.StateDescription,
            ["tasks"] = new JsonArray([.. job.Tasks.Select((t, i) => (JsonNode)Task(job, t, i))]),
            ["errors"] = new JsonArray([.. job.Errors.Select(e => (JsonNode)new JsonObject
            {
                ["serviceErrorDetails"] = new JsonObject
                {
                    ["code"] = e.Code,
                    ["message"] = e.Message,
                    ["possibleCauses"] = e.PossibleCauses,
                    ["recommendedAction"] = e.RecommendedAction,
                    ["activityId"] = job.Id,
                },
                ["errorLevel"] = "Error",
            }.Set("creationTime", job.EndTime))]),
            ["allowedActions"] = Json.Strings(job.AllowedActions),
            ["targetObjectId"] = plan ? arm.Plan(job.TargetId) : arm.Item(view.Fabric, job.TargetId),
            ["targetObjectName"] = job.TargetObjectName,
            ["targetInstanceType"] = plan ? "RecoveryPlan" : "ProtectionEntity",
            ["customDetails"] = new JsonObject { ["instanceType"] = "AsrJobDetails" },
        };
        properties.Set("startTime", job.StartTime).Set("endTime", job.EndTime);
        return Json.Resource(arm.Job(job.Id), job.Id, ArmVault.Types.Job, arm.Location, properties);
    }

    private static JsonObject Task(Job job, JobTask task, int index) => new JsonObject
    {
        ["taskId"] = $"{job.Id}-{index.ToString(CultureInfo.InvariantCulture)}",
        ["name"] = task.Name,
        ["friendlyName"] = task.Name,
        ["state"] = task.State.ToString(),
        ["stateDescription"] = task.State == JobState.Succeeded ? "Completed" : task.State.ToString(),
        ["allowedActions"] = new JsonArray(),
        ["errors"] = new JsonArray(),
    }.Set("startTime", task.StartTime).Set("endTime", task.EndTime);
}
