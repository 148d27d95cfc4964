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

    public static JsonElement Json(object? view) => JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web);
}
