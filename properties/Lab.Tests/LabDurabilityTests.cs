using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Failback.Lab.Sessions;
using Xunit;

namespace Failback.Lab.Tests;

/// <summary>
/// A lab host killed with SIGKILL mid-replication comes back from its journal: no acknowledged command is lost, and at
/// the same virtual instant its trace hash is the one before the kill. A paced lab's time and writes move with the wall clock.
/// </summary>
public sealed class LabDurabilityTests
{
    [Fact]
    public async Task A_lab_host_killed_mid_replication_comes_back_with_every_acknowledged_command_and_the_same_trace_hash()
    {
        using var scratch = new Scratch();
        var labs = scratch["labs"];
        LabCreated lab;
        using (var registry = new LabRegistry(labs))
            lab = await registry.CreateAsync("k9", Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"), null, speed: 600);
        var port = LabProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };

        using (var host = LabProcess.Start(labs, port))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, lab.TraineeToken, "/steps", """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""")).Status);
            // Replicating: the initial copy, or the workload's writes after it.
            await Until(http, lab, items => items.EnumerateArray().Any(i => i.GetProperty("protectionState").GetString() is "InitialReplicationInProgress" or "Protected"));
            // A burst of acknowledged commands, then the kill at once: each was committed before its answer.
            for (var i = 0; i < 5; i++)
                Assert.Equal(HttpStatusCode.OK, (await Post(http, lab.InstructorToken, "/faults", $$"""{"name": "burst-{{i}}", "target": "network", "operation": "check", "object": "nothing-{{i}}", "fault": "partition"}""")).Status);
            host.KillHard();
        }
        string hash;
        JsonElement actions, items;
        using (var host = LabProcess.Start(labs, port))
        {
            var (_, before) = await Get(http, lab.InstructorToken, "/actions");
            Assert.Equal(6, before.GetArrayLength());
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"burst-{i}"), before.EnumerateArray().Skip(1).Select(a => a.GetProperty("command").GetProperty("name").GetString()));
            // Mid-replication: the instructor pauses, the state is read, and the host is killed again.
            Assert.Equal(HttpStatusCode.OK, (await Post(http, lab.InstructorToken, "/time", """{"pause": true}""")).Status);
            (_, var h) = await Get(http, lab.InstructorToken, "/trace-hash");
            hash = h.GetProperty("sha256").GetString()!;
            (_, actions) = await Get(http, lab.InstructorToken, "/actions");
            (_, items) = await Get(http, lab.TraineeToken, "/items");
            Assert.Contains(items.EnumerateArray(), i => i.GetProperty("protectionState").GetString() is "InitialReplicationInProgress" or "Protected");
            host.KillHard();
        }
        using (var host = LabProcess.Start(labs, port))
        {
            var (_, h) = await Get(http, lab.InstructorToken, "/trace-hash");
            Assert.Equal(hash, h.GetProperty("sha256").GetString());
            Assert.Equal(actions.ToString(), (await Get(http, lab.InstructorToken, "/actions")).Body.ToString());
            Assert.Equal(items.ToString(), (await Get(http, lab.TraineeToken, "/items")).Body.ToString());
            // Resumed, replication goes on to the end.
            Assert.Equal(HttpStatusCode.OK, (await Post(http, lab.InstructorToken, "/time", """{"pause": false}""")).Status);
            await Until(http, lab, all => all.EnumerateArray().Any(i => i.GetProperty("protectionState").GetString() == "Protected"));
        }
    }

    [Fact]
    public async Task In_a_paced_lab_virtual_time_and_a_workloads_writes_move_with_the_wall_clock()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("paced", Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"), speed: 600);
        var (_, first) = await server.GetAsync("paced", "/vsphere", lab.TraineeToken);
        var (_, status1) = await server.GetAsync("paced", "", lab.TraineeToken);
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (_, second) = await server.GetAsync("paced", "/vsphere", lab.TraineeToken);
        var (_, status2) = await server.GetAsync("paced", "", lab.TraineeToken);
        var elapsed = wall.Elapsed.TotalSeconds;
        var moved = status2.GetProperty("nowSeconds").GetDouble() - status1.GetProperty("nowSeconds").GetDouble();
        Assert.InRange(moved, 600 * 1.5, 600 * (elapsed + 0.5));
        static int Writes(JsonElement v) => v.GetProperty("vms").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "app-01").GetProperty("guestWrites").GetInt32();
        // The workload writes a block every 5 virtual minutes: about 4 in 20 virtual minutes.
        Assert.InRange(Writes(second) - Writes(first), 2, 10);
    }

    private static async Task Until(HttpClient http, LabCreated lab, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            var (_, items) = await Get(http, lab.TraineeToken, "/items");
            if (done(items)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the lab did not reach the state in 30 s");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Get(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/lab/v1/labs/k9" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient http, string token, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lab/v1/labs/k9" + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
