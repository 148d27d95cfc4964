using System.Globalization;
using System.Text.Json.Nodes;

namespace Failback.Lab.Arm.Resources;

/// <summary>What every resource answer shares: ARM's envelope and ASR's way of writing times and optional values.</summary>
internal static class Json
{
    /// <summary>ARM's resource envelope: id, name, type, location and the resource's properties.</summary>
    public static JsonObject Resource(string id, string name, string type, string location, JsonObject properties) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["type"] = type,
        ["location"] = location,
        ["properties"] = properties,
    };

    /// <summary>A list answer: the page's values and the link to the next page when there is one.</summary>
    public static JsonObject Page(IEnumerable<JsonNode> values, string? nextLink)
    {
        var page = new JsonObject { ["value"] = new JsonArray([.. values]) };
        if (nextLink is not null) page["nextLink"] = nextLink;
        return page;
    }

    /// <summary>ISO 8601 in UTC with a Z, as ARM writes times.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sets <paramref name="name"/> only when there is a value: the spec's fields are not nullable, so absent is how ASR says "none".</summary>
    public static JsonObject Set(this JsonObject o, string name, JsonNode? value)
    {
        if (value is not null) o[name] = value;
        return o;
    }

    public static JsonObject Set(this JsonObject o, string name, DateTimeOffset? time) => o.Set(name, time is { } t ? JsonValue.Create(Time(t)) : null);

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
