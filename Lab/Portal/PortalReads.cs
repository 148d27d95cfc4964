using System.Text.Json;
using Failback.Lab.Http;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>The views the portal shows, read on the lab's thread as the API's JSON shows them (same fields and values).</summary>
internal static class PortalReads
{
    public static async Task<List<JsonElement>> ItemsAsync(LabSession s) => [.. Json(await s.ReadAsync(WorldViews.Items)).EnumerateArray()];

    public static async Task<List<JsonElement>> JobsAsync(LabSession s) => [.. Json(await s.ReadAsync(WorldViews.Jobs)).EnumerateArray()];

    public static async Task<JsonElement> VSphereAsync(LabSession s) => Json(await s.ReadAsync(WorldViews.VSphere));

    public static async Task<List<JsonElement>> TasksAsync(LabSession s) => [.. Json(await s.ReadAsync(w => WorldViews.Tasks(w))).EnumerateArray()];

    public static async Task<List<JsonElement>> PlansAsync(LabSession s) => [.. Json(await s.ReadAsync(WorldViews.Plans)).EnumerateArray()];

    /// <summary>The Site Recovery infrastructure, or an undefined element for a lab without an Azure side.</summary>
    public static async Task<JsonElement> InfrastructureAsync(LabSession s) => await s.ReadAsync(WorldViews.Infrastructure) is { } view ? Json(view) : default;

    public static JsonElement Json(object? view) => JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web);
}
