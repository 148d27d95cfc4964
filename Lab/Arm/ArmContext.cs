using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Failback.Lab.Arm.Resources;
using Failback.Lab.Sessions;
using Failback.Scenarios.World;
using Microsoft.AspNetCore.Http;

namespace Failback.Lab.Arm;

/// <summary>
/// One ARM request to a lab's vault, checked before anything is read or run: an api-version of ARM's date form, a
/// bearer token of the lab (the vault's name is the lab's name), the subscription and resource group the lab's
/// Azure side has, and the rate budget when the lab throttles. Its helpers read the vault on the lab's thread
/// and write ARM's answers.
/// </summary>
internal sealed partial class ArmContext
{
    private ArmContext(HttpContext http, LabSession session, LabRole role, string subscription, string resourceGroup, string apiVersion, ArmOptions options)
    {
        Http = http;
        Session = session;
        Role = role;
        Subscription = subscription;
        ResourceGroup = resourceGroup;
        ApiVersion = apiVersion;
        Options = options;
    }

    public HttpContext Http { get; }
    public LabSession Session { get; }
    public LabRole Role { get; }
    public string Subscription { get; }
    public string ResourceGroup { get; }
    public string ApiVersion { get; }
    public ArmOptions Options { get; }

    /// <summary>A route value of the request (the names in the route's braces).</summary>
    public string Route(string name) => Http.Request.RouteValues[name] as string ?? "";

    /// <summary>The scheme and host the client called, which the links we hand out (nextLink, operation URLs) start with.</summary>
    public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}";

    public static async Task<ArmContext> OpenAsync(HttpContext http, LabRegistry labs, ArmThrottle throttle, ArmOptions options, bool write)
    {
        var route = http.Request.RouteValues;
        var vault = route["vault"] as string;
        var apiVersion = http.Request.Query["api-version"].ToString();
        if (apiVersion.Length == 0)
            throw new ArmException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests; the lab serves 2023-06-01 and the versions of the same shape.");
        if (!ApiVersionPattern().IsMatch(apiVersion))
            throw new ArmException(400, "InvalidApiVersionParameter", $"The api-version '{apiVersion}' is invalid: ARM versions are dates such as 2023-06-01 (optionally -preview).");
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (token is null)
            throw new ArmException(401, "AuthenticationFailed", "Authentication failed: the Authorization header is missing. Send 'Authorization: Bearer TOKEN' with the lab's trainee or instructor token.");
        LabRole role;
        if (vault is not null)
            role = Tokens.Authenticate(labs, vault, token)
                ?? throw new ArmException(401, "InvalidAuthenticationToken", $"The access token is not valid for the vault '{vault}': use a token of the lab of that name.");
        else
            (vault, role) = Tokens.Find(labs, token)
                ?? throw new ArmException(401, "InvalidAuthenticationToken", "The access token is not valid: use the trainee or instructor token of a lab this host serves.");
        throttle.Take(http, vault, write);
        LabSession session;
        try
        {
            session = await labs.OpenAsync(vault);
        }
        catch (LabInputException e)
        {
            throw new ArmException(e.Status, e.Code, e.Message);
        }
        return new ArmContext(http, session, role, (string)route["subscription"]!, (string)route["resourceGroup"]!, apiVersion, options);
    }

    /// <summary>Reads the vault on the lab's thread; the request's subscription and resource group must be the lab's.</summary>
    public async Task<T> ReadAsync<T>(Func<VaultView, T> read)
    {
        try
        {
            return await Session.ReadAsync(world =>
            {
                var settings = world.Vault?.Settings
                    ?? throw new ArmException(404, "ResourceNotFound", $"The lab '{Session.Name}' has no Azure side, so it has no Recovery Services vault.");
                if (!string.Equals(Subscription, settings.SubscriptionId, StringComparison.OrdinalIgnoreCase))
                    throw new ArmException(404, "SubscriptionNotFound", $"The subscription '{Subscription}' could not be found; the lab's vault is in subscription '{settings.SubscriptionId}'.");
                if (!string.Equals(ResourceGroup, settings.ResourceGroup, StringComparison.OrdinalIgnoreCase))
                    throw new ArmException(404, "ResourceGroupNotFound", $"Resource group '{ResourceGroup}' could not be found; the lab's vault is in resource group '{settings.ResourceGroup}'.");
                return read(new VaultView(world, new ArmVault(settings.SubscriptionId, settings.ResourceGroup, Session.Name, settings.Location)));
            });
        }
        catch (LabInputException e)
        {
            throw new ArmException(e.Status, e.Code, e.Message);
        }
    }

    /// <summary>Reads the lab's world on its thread (paths that name no vault, such as Microsoft.Compute's).</summary>
    public async Task<T> ReadWorldAsync<T>(Func<DrillWorld, T> read)
    {
        try
        {
            return await Session.ReadAsync(read);
        }
        catch (LabInputException e)
        {
            throw new ArmException(e.Status, e.Code, e.Message);
        }
    }

    /// <summary>A JSON answer.</summary>
    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(Relaxed), "application/json; charset=utf-8", statusCode: status);

    /// <summary>A JSON answer already serialized (UTF-8).</summary>
    public static IResult Json(byte[] body) => Results.Bytes(body, "application/json; charset=utf-8");

    public static byte[] Utf8(JsonNode body) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, Relaxed);

    /// <summary>Quotes and other HTML-sensitive characters are written as they are: this is JSON for API clients, not HTML.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One page of <paramref name="values"/> from the request's $skiptoken, with the next page's link when more follow.</summary>
    public JsonObject Page<T>(IReadOnlyList<T> values, Func<T, JsonNode> toJson)
    {
        var skip = 0;
        var token = Http.Request.Query["$skiptoken"].ToString();
        if (token.Length > 0 && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip > values.Count))
            throw new ArmException(400, "InvalidSkipToken", $"The $skiptoken '{token}' is not one this list handed out; follow the nextLink of the previous page.");
        var end = Math.Min(values.Count, skip + Options.PageSize);
        string? next = null;
        if (end < values.Count)
        {
            var query = Http.Request.Query.Where(q => q.Key != "$skiptoken")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"$skiptoken={end.ToString(CultureInfo.InvariantCulture)}");
            next = $"{BaseUrl}{Http.Request.PathBase}{Http.Request.Path}?{string.Join("&", query)}";
        }
        return Resources.Json.Page(Enumerable.Range(skip, end - skip).Select(i => toJson(values[i])), next);
    }

    /// <summary>Tokens checked lately: the registry reads the lab's journal for each check, too slow for every GET.</summary>
    private static readonly TokenCache Tokens = new();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersionPattern();
}
