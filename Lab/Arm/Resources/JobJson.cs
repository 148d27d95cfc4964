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
            ["targetObjectId"] = job.TargetKind switch
            {
                JobTargetKind.RecoveryPlan => arm.Plan(job.TargetId),
                // An infrastructure job: the vCenter it adds, else the configuration server's fabric it registers with.
                JobTargetKind.Server => job.Action == InfrastructureAction.AddVCenter ? arm.VCenter(view.Fabric, job.TargetId) : arm.Fabric(view.Fabric),
                _ => arm.Item(view.Fabric, job.TargetId),
            },
            ["targetObjectName"] = job.TargetObjectName,
            ["targetInstanceType"] = InstanceType(job),
            ["customDetails"] = new JsonObject { ["instanceType"] = "AsrJobDetails" },
        };
        properties.Set("startTime", job.StartTime).Set("endTime", job.EndTime);
        return Json.Resource(arm.Job(job.Id), job.Id, ArmVault.Types.Job, arm.Location, properties);
    }

    /// <summary>ASR's targetInstanceType (and the job filter's affectedObjectTypes) of the job's target.</summary>
    public static string InstanceType(Job job) => job.TargetKind switch
    {
        JobTargetKind.RecoveryPlan => "RecoveryPlan",
        JobTargetKind.Server => job.Action == InfrastructureAction.AddVCenter ? "VCenter" : "Fabric",
        _ => "ProtectionEntity",
    };

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
