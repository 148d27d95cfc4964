using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Failback.Lab.Http;
using Failback.Lab.Sessions;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>A lab host on a real loopback port over a scratch labs folder, and a client that speaks its API.</summary>
public sealed class LabServer : IAsyncDisposable
{
    private readonly Scratch _folder;

    private LabServer(LabHost host, Scratch folder)
    {
        Host = host;
        _folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public LabHost Host { get; }
    public HttpClient Http { get; }
    public LabRegistry Registry => Host.Registry;

    public static async Task<LabServer> StartAsync()
    {
        var scratch = new Scratch();
        var host = await LabHost.StartAsync(new LabRegistry(scratch["labs"]), new LabHostOptions { Port = 0 });
        return new LabServer(host, scratch);
    }

    public string LabsFolder => Registry.Folder;

    public string Drill(string name, string text)
    {
        var path = _folder[name];
        File.WriteAllText(path, text);
        return path;
    }

    public async Task<LabCreated> CreateAsync(string name, string drillFile, double speed = 0) => await Registry.CreateAsync(name, drillFile, null, speed);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string lab, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, $"/lab/v1/labs/{lab}{path}");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text);
        return (response.StatusCode, json);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string lab, string path, string? token) => SendAsync(HttpMethod.Get, lab, path, token);

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string lab, string path, string? token, string body) => SendAsync(HttpMethod.Post, lab, path, token, body);

    /// <summary>Runs a step; while it runs (202), advances the manual lab a minute at a time until its action has ended.</summary>
    public async Task<JsonElement> StepAsync(string lab, LabCreated tokens, string step, TimeSpan? every = null)
    {
        var (status, body) = await PostAsync(lab, "/steps", tokens.TraineeToken, step);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{step}: {status} {body}");
        if (status == HttpStatusCode.OK) return body;
        var number = body.GetProperty("step").GetInt32();
        for (var i = 0; i < 2000; i++)
        {
            var (_, actions) = await GetAsync(lab, "/actions", tokens.InstructorToken);
            var action = actions.EnumerateArray().Single(a => a.GetProperty("step").GetInt32() == number && a.GetProperty("kind").GetString() == "step");
            if (action.GetProperty("end").ValueKind == JsonValueKind.String)
            {
                Assert.True(action.GetProperty("outcome").GetString() == "done", $"{step}: {action}");
                return action;
            }
            await AdvanceAsync(lab, tokens, every ?? TimeSpan.FromMinutes(1));
        }
        throw new TimeoutException($"{step} did not end");
    }

    public async Task AdvanceAsync(string lab, LabCreated tokens, TimeSpan by)
    {
        var (status, body) = await PostAsync(lab, "/time", tokens.InstructorToken, $"{{\"advance\": \"{(long)by.TotalSeconds}s\"}}");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Host.Registry.Dispose();
        _folder.Dispose();
    }
}
