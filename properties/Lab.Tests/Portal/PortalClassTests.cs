using System.Net;
using System.Text.RegularExpressions;
using Failback.Lab.Http;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The class view in a real browser: the host's class token (its control token) lists every lab with its trainee's
/// score and opens each lab's console; a lab's own tokens, instructor's included, do not open the class; the API's
/// list of labs answers the same to the class token only.
/// </summary>
public sealed class PortalClassTests
{
    private const string Drill = """
        title: power the database off
        seed: 2
        topology:
          hosts: [{name: esxi-01}]
          datastores: [{name: DS1, hosts: [esxi-01], capacity: 100GiB}]
          vms: [{name: db-01, host: esxi-01, datastore: DS1, disks: [1MiB]}]
        steps:
          - wait: 1m
        objectives:
          - {title: db-01 is powered off, points: 10, expect: {vm: {name: db-01, power: off}}}
        """;

    [Fact]
    public async Task The_class_token_lists_the_labs_with_their_scores_and_opens_their_consoles_and_no_lab_token_does()
    {
        await using var server = await LabServer.StartAsync();
        var file = server.Drill("power.yaml", Drill);
        var alice = await server.CreateAsync("alice", file);
        var bob = await server.CreateAsync("bob", file);
        var control = HostControl.Write(server.LabsFolder, server.Host.Url, null);
        server.Registry.Control = control;
        // alice's trainee powers db-01 off (the objective); bob's powers it on while it runs (refused: InvalidPowerState).
        await server.StepAsync("alice", alice, """{"power-off": {"vm": "db-01"}}""");
        var (status, body) = await server.PostAsync("bob", "/steps", bob.TraineeToken, """{"power-on": {"vm": "db-01"}}""");
        Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        await server.AdvanceAsync("bob", bob, TimeSpan.FromMinutes(5));
        var (_, actions) = await server.GetAsync("bob", "/actions", bob.InstructorToken);
        Assert.Equal("refused", actions.EnumerateArray().Last().GetProperty("outcome").GetString());

        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var url = $"{server.Host.Url}/portal/_class";
        await page.GotoAsync(url);
        Assert.EndsWith("/portal/_class/login", page.Url);
        foreach (var wrong in new[] { alice.InstructorToken, bob.TraineeToken, "not-a-token" })
        {
            await page.GetByLabel("Class token").FillAsync(wrong);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not this host's class token");
        }
        Assert.Empty(await page.Context.CookiesAsync());
        await page.GetByLabel("Class token").FillAsync(control.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/portal/_class$"));
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/portal", cookie.Path);
        Assert.DoesNotContain(control.Token, await page.ContentAsync());

        await Assertions.Expect(page.Locator("#class tr[data-lab]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#class tr[data-lab='alice'] .score")).ToHaveTextAsync("10 of 10");
        await Assertions.Expect(page.Locator("#class tr[data-lab='bob'] .score")).ToHaveTextAsync("0 of 10");
        await Assertions.Expect(page.Locator("#class tr[data-lab='bob']")).ToContainTextAsync("power-on (refused)");
        await browser.ShotAsync("class");

        // The class token opens each lab's console as its instructor.
        await page.GetByRole(AriaRole.Link, new() { Name = "alice" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/portal/alice/instructor$"));
        await Assertions.Expect(page.Locator("#score")).ToHaveTextAsync("10");

        // The API: the class token lists the labs; a lab's instructor token does not.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/lab/v1/labs");
        request.Headers.Authorization = new("Bearer", control.Token);
        using var listed = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var labs = System.Text.Json.JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([("alice", 10), ("bob", 0)], labs.EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("score").GetInt32())));
        using var other = new HttpRequestMessage(HttpMethod.Get, "/lab/v1/labs");
        other.Headers.Authorization = new("Bearer", alice.InstructorToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(other)).StatusCode);

        // Signed out, the class is closed again.
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/portal/_class/login$"));
        Assert.Equal(302, (await page.APIRequest.GetAsync(url, new() { MaxRedirects = 0 })).Status);
    }
}
