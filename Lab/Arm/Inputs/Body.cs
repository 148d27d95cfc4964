using System.Text.Json;
using System.Text.Json.Nodes;

namespace Failback.Lab.Arm.Inputs;

/// <summary>A request body as ARM sends it (<c>{"properties": {...}}</c>), read with clear refusals for what is missing or mistyped.</summary>
internal sealed class Body(JsonObject root, string operation)
{
    /// <summary>Request bodies of ASR's operations are small; a larger one is refused before it is parsed.</summary>
    public const int MaxBytes = 64 * 1024;

    public JsonObject Root { get; } = root;
    public string Operation { get; } = operation;

    public static async Task<Body> ReadAsync(Microsoft.AspNetCore.Http.HttpRequest request, string operation, bool optional = false)
    {
        if (request.ContentLength > MaxBytes)
            throw ArmException.BadRequest($"The {operation} request body is {request.ContentLength} bytes; at most {MaxBytes} are accepted.");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxBytes)
            throw ArmException.BadRequest($"The {operation} request body is over {MaxBytes} bytes.");
        if (buffer.Length == 0)
            return optional ? new Body([], operation) : throw ArmException.BadRequest($"The {operation} request needs a JSON body: {{\"properties\": {{...}}}}.");
        try
        {
            return JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is JsonObject o
                ? new Body(o, operation)
                : throw ArmException.BadRequest($"The {operation} request body must be a JSON object: {{\"properties\": {{...}}}}.");
        }
        catch (JsonException e)
        {
            throw ArmException.BadRequest($"The {operation} request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The object at <paramref name="path"/> (dot-separated), or null when absent.</summary>
    public JsonObject? Object(string path) => Node(path) switch
    {
        null => null,
        JsonObject o => o,
        _ => throw ArmException.BadRequest($"{Operation}: '{path}' must be a JSON object."),
    };

    public JsonArray? Array(string path) => Node(path) switch
    {
        null => null,
        JsonArray a => a,
        _ => throw ArmException.BadRequest($"{Operation}: '{path}' must be a JSON array."),
    };

    /// <summary>The string at <paramref name="path"/>, or null when absent or empty.</summary>
    public string? String(string path) => Node(path) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        _ => throw ArmException.BadRequest($"{Operation}: '{path}' must be a string."),
    };

    /// <summary>The number at <paramref name="path"/>, or null when absent.</summary>
    public double? Number(string path) => Node(path) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) && double.IsFinite(d) => d,
        _ => throw ArmException.BadRequest($"{Operation}: '{path}' must be a number."),
    };

    public string Required(string path) => String(path)
        ?? throw new ArmException(400, "InvalidRequestContent", $"{Operation}: '{path}' is required.");

    private JsonNode? Node(string path)
    {
        JsonNode? node = Root;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject o) return null;
            // ARM reads property names case-insensitively.
            node = o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The last segment of an ARM id (or the value itself when it is a bare name).</summary>
    public static string Name(string idOrName) => idOrName.TrimEnd('/') is var t && t.LastIndexOf('/') is var i and >= 0 ? t[(i + 1)..] : idOrName;
}
