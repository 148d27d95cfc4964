using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Failback.Lab.Sessions;
using Xunit;

namespace Failback.Lab.Tests.Arm;

/// <summary>Raw HTTP to a lab's ARM API (no SDK): the vault's URLs, and an operation followed through its headers.</summary>
public sealed class ArmHttp(LabServer server, string lab, LabCreated tokens)
{
    public const string Subscription = "00000000-0000-0000-0000-00000000a2e1";
    public const string Version = "api-version=2023-06-01";

    public string Vault => $"/subscriptions/{Subscription}/resourceGroups/asr-recovery/providers/Microsoft.RecoveryServices/vaults/{lab}";
    public string Container => $"{Vault}/replicationFabrics/cs-01/replicationProtectionContainers/cloud_cs-01";
    public string Item(string id) => $"{Container}/replicationProtectedItems/{id}";

    public sealed record Answer(HttpStatusCode Status, HttpResponseHeaders Headers, JsonElement Body)
    {
        public string? Header(string name) => Headers.TryGetValues(name, out var v) ? v.First() : null;
    }

    public async Task<Answer> SendAsync(HttpMethod method, string url, string? body = null, string? token = null, bool noToken = false)
    {
        using var request = new HttpRequestMessage(method, url.Contains('?') || url.StartsWith("http", StringComparison.Ordinal) ? url : url + "?" + Version);
        if (!noToken) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? tokens.TraineeToken);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Headers, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<Answer> GetAsync(string url, string? token = null) => SendAsync(HttpMethod.Get, url, token: token);

    /// <summary>GETs <paramref name="url"/>, expects 200 and an answer valid as the spec's <paramref name="model"/>.</summary>
    public async Task<JsonElement> ReadAsync(string url, string model)
    {
        var answer = await GetAsync(url);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {url}: {answer.Status} {answer.Body}");
        SpecSchemas.AssertValid(model, answer.Body);
        return answer.Body;
    }

    /// <summary>Starts an operation (202 with ARM's three headers), advances the manual lab until its status ends, returns the final status.</summary>
    public async Task<(JsonElement Status, Answer Result)> RunAsync(HttpMethod method, string url, string? body = null)
    {
        var started = await SendAsync(method, url, body);
        Assert.True(started.Status == HttpStatusCode.Accepted, $"{method} {url}: {started.Status} {started.Body}");
        var status = started.Header("Azure-AsyncOperation")!;
        var location = started.Header("Location")!;
        Assert.StartsWith(server.Host.Url + Vault + "/replicationOperationStatus/", status, StringComparison.Ordinal);
        Assert.Contains(Version, status, StringComparison.Ordinal);
        Assert.Equal("1", started.Header("Retry-After"));
        for (var i = 0; i < 500; i++)
        {
            var poll = await GetAsync(status);
            Assert.Equal(HttpStatusCode.OK, poll.Status);
            var state = poll.Body.GetProperty("status").GetString();
            if (state != "InProgress")
            {
                // Every operation's result is the spec's model of what it acted on (an item, a plan, a job), or no content.
                var result = await GetAsync(location);
                if (result.Status == HttpStatusCode.OK) SpecSchemas.AssertValid(SpecSchemas.ModelOf(result.Body), result.Body);
                return (poll.Body, result);
            }
            var pending = await GetAsync(location);
            Assert.True(pending.Status == HttpStatusCode.Accepted && pending.Header("Retry-After") is not null, $"a running operation's Location answers 202 with Retry-After, not {pending.Status}");
            await server.AdvanceAsync(lab, tokens, TimeSpan.FromMinutes(1));
        }
        throw new TimeoutException($"{method} {url} did not end");
    }

    /// <summary>Advances the manual lab until the item's protectionState is <paramref name="state"/>.</summary>
    public async Task UntilStateAsync(string item, string state)
    {
        for (var i = 0; i < 500; i++)
        {
            if ((await ReadAsync(Item(item), "ReplicationProtectedItem")).GetProperty("properties").GetProperty("protectionState").GetString() == state) return;
            await server.AdvanceAsync(lab, tokens, TimeSpan.FromMinutes(5));
        }
        throw new TimeoutException($"{item} never reached {state}");
    }

    /// <summary>Asserts an answer is ARM's error shape with <paramref name="code"/>.</summary>
    public static void AssertError(Answer answer, HttpStatusCode status, string code)
    {
        Assert.True(answer.Status == status, $"expected {(int)status} {code}, got {(int)answer.Status} {answer.Body}");
        var error = answer.Body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
    }
}
