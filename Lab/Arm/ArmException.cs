using System.Text.Json.Nodes;
using Failback.Engine.Orchestration.Errors;

namespace Failback.Lab.Arm;

/// <summary>
/// A request the ARM API refuses, answered in ARM's error shape (<c>{"error": {"code", "message", ...}}</c>) with
/// ASR's extra fields (possibleCauses, recommendedAction) when the refusal is one of ASR's errors. The Azure SDKs
/// turn it into a RestError carrying the code and message.
/// </summary>
public sealed class ArmException(int status, string code, string message, string? possibleCauses = null, string? recommendedAction = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? PossibleCauses { get; } = possibleCauses;
    public string? RecommendedAction { get; } = recommendedAction;

    /// <summary>An ASR error (a refused operation): 400 with its code, message, causes and recommended action.</summary>
    public static ArmException Asr(AsrError error, int status = 400) =>
        new(status, error.Code, error.Message, error.PossibleCauses, error.RecommendedAction);

    /// <summary>What the lab refused before journaling anything: ASR's error when the vault refused the operation.</summary>
    public static ArmException Of(Sessions.LabInputException e) =>
        e.Refusal is { } refusal ? Asr(refusal) : new(e.Status, e.Code, e.Message);

    public static ArmException NotFound(string what, string id) =>
        new(404, "ResourceNotFound", $"The {what} '{id}' was not found in the vault.");

    public static ArmException BadRequest(string message) => new(400, "InvalidRequestContent", message);

    /// <summary>An operation ASR has and the lab's engine does not (yet): refused before anything is journaled.</summary>
    public static ArmException NotSupported(string operation) => new(400, "OperationNotSupportedInLab",
        $"The lab does not run '{operation}': its engine does not implement this ASR operation yet.",
        "The lab serves the operations its engine runs: unplannedFailover, applyRecoveryPoint, failoverCommit, reProtect, testFailover, testFailoverCleanup, remove, job restart and cancel, and the recovery plans' create, update, failover, commit, reprotect, test failover with its cleanup and delete.",
        "Drive the cycle with the served operations, or run this one against a real vault.");

    /// <summary>
    /// Planned failover of an item (or a plan) of the classic VMware providers, which ASR does not run: it is Hyper-V's
    /// (HyperVReplicaAzure) and the modernized failback's (InMageRcmFailback), the only providers of the spec's
    /// PlannedFailoverProviderSpecificFailoverInput. The message is the one Az.RecoveryServices gives for these providers
    /// (Start-AzRecoveryServicesAsrPlannedFailoverJob, UnsupportedReplicationProviderForPlannedFailover); code, causes and
    /// action are ASR's InvalidParameter refusal of a provider input an operation does not take.
    /// </summary>
    public static ArmException PlannedFailoverNotSupported(string provider) => new(400, "InvalidParameter",
        $"Planned failover is not supported for {provider} provider.",
        "Parameter value is not correct for this action.",
        "Correct the parameter value and retry the last action. For VMware machines and physical servers, run an unplanned failover (unplannedFailover); shut the machine down first to fail over with no data loss.");

    /// <summary>The error body ARM answers with.</summary>
    public JsonObject Body()
    {
        var error = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (PossibleCauses is not null) error["possibleCauses"] = PossibleCauses;
        if (RecommendedAction is not null) error["recommendedAction"] = RecommendedAction;
        error["details"] = new JsonArray();
        return new JsonObject { ["error"] = error };
    }
}
