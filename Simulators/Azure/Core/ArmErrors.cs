using Failback.Engine.Ports.Arm;

namespace Failback.Simulators.Azure.Core;

/// <summary>The ARM refusals the simulator raises, with the codes the real service uses.</summary>
internal static class ArmErrors
{
    public static ArmException NotFound(ResourceId id) =>
        new(404, new ArmError("ResourceNotFound", $"The resource '{id.ResourceType}/{id.Name}' under resource group '{id.ResourceGroup}' was not found.", id.ToString()));

    public static ArmException GroupNotFound(ResourceId id) =>
        new(404, new ArmError("ResourceGroupNotFound", $"Resource group '{id.ResourceGroup}' could not be found; create it first.", id.ResourceGroupId.ToString()));

    public static ArmException Invalid(string target, string message, string code = "InvalidParameter") =>
        new(400, new ArmError(code, message, target));

    public static ArmException Conflict(string target, string message, string code = "Conflict") =>
        new(409, new ArmError(code, message, target));

    public static ArmException InProgress(ResourceId id, string method) =>
        Conflict(id.ToString(), $"Operation {method} on '{id.Name}' is still in progress; retry when it completes.", "AnotherOperationInProgress");

    /// <summary>ARM's throttling answer (request-limits-and-throttling): 429 SubscriptionRequestsThrottled with Retry-After.</summary>
    public static ArmException Throttled(ResourceId id, bool write, TimeSpan retryAfter) =>
        new(429, new ArmError("SubscriptionRequestsThrottled",
            $"Number of '{(write ? "write" : "read")}' requests for subscription '{id.SubscriptionId}' exceeded. Please try again after '{retryAfter.TotalSeconds:0}' seconds after additional tokens are available."),
            retryAfter);

    /// <summary>The blob service's throttling answer: 503 ServerBusy, never a 429 (storage scalability targets).</summary>
    public static ArmException ServerBusy(string objectId) =>
        new(503, new ArmError("ServerBusy", "The server is currently unable to receive requests. Please retry your request.", objectId));

    /// <summary>
    /// A refusal injected by the kernel's fault plan, as the service called answers it: a throttle is ARM's 429 with
    /// Retry-After (Detail = seconds) and the blob service's 503 ServerBusy.
    /// </summary>
    public static ArmException Injected(string fault, string? detail, ResourceId id, string objectId, AzureCall call, TimeSpan defaultRetryAfter) => fault switch
    {
        "429" or "TooManyRequests" or "SubscriptionRequestsThrottled" or "503" or "ServerBusy" => call.Storage
            ? ServerBusy(objectId)
            : Throttled(id, call.Write, detail is not null && int.TryParse(detail, out var s) ? TimeSpan.FromSeconds(s) : defaultRetryAfter),
        "409" or "Conflict" => Conflict(id.ToString(), detail ?? $"The request conflicts with the state of '{id.Name}'."),
        "404" or "NotFound" or "ResourceNotFound" => NotFound(id),
        "400" or "InvalidParameter" => Invalid(id.ToString(), detail ?? "A parameter is not valid."),
        _ => new ArmException(500, new ArmError(fault is "500" ? "InternalServerError" : fault, detail ?? "The server encountered an internal error; retry the request.", id.ToString())),
    };
}
