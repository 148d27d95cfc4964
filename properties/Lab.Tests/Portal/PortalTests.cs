using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The portal in a real browser (chromium): a trainee signs in with the lab's token, finds the item, fails it over and
/// commits from its page and follows the jobs; a refused operation shows ASR's error code and message. The instructor
/// moves the manual lab's time through the API, as a trainer would.
/// </summary>
public sealed class PortalTests
{
    private static async Task<(LabServer Server, Sessions.LabCreated Lab)> FailoverReadyAsync(string name)
    {
        var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync(name, Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await server.StepAsync(name, lab, """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync(name, lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync(name, lab, TimeSpan.FromHours(1));
        await server.StepAsync(name, lab, """{"power-off": {"vm": "app-01"}}""");
        return (server, lab);
    }

    private static async Task SignInAsync(IPage page, LabServer server, string lab, string token)
    {
        var login = await page.GotoAsync($"{server.Host.Url}/portal/{lab}");
        Assert.EndsWith($"/portal/{lab}/login", page.Url);
        Assert.StartsWith("default-src 'none'", await login!.HeaderValueAsync("content-security-policy"));
        await page.GetByLabel("Lab token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.EndsWith($"/portal/{lab}", page.Url);
    }

    /// <summary>Reloads the jobs page, advancing the lab a minute at a time, until the newest job has ended.</summary>
    private static async Task<string> NewestJobEndsAsync(IPage page, LabServer server, string lab, Sessions.LabCreated tokens)
    {
        for (var i = 0; i < 300; i++)
        {
            // Waited for, not counted at once: the live list is rendered again when the page's circuit connects.
            await Assertions.Expect(page.Locator("table.jobs"), $"not a jobs page: {page.Url}").ToHaveCountAsync(1);
            var state = await page.Locator("table.jobs tr:nth-child(2) td.state").InnerTextAsync();
            if (state is not ("InProgress" or "NotStarted")) return state;
            await server.AdvanceAsync(lab, tokens, TimeSpan.FromMinutes(1));
            await page.ReloadAsync();
        }
        throw new TimeoutException("the job did not end");
    }

    [Fact]
    public async Task A_trainee_signs_in_fails_an_item_over_from_its_page_follows_the_job_and_commits()
    {
        var (server, lab) = await FailoverReadyAsync("portal");
        await using var _ = server;
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        await SignInAsync(page, server, "portal", lab.TraineeToken);
        Assert.DoesNotContain(lab.TraineeToken, await page.ContentAsync());
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await Assertions.Expect(page.Locator("#health")).ToContainTextAsync("Normal");
        // Infrastructure health: the configuration server and each process server with ASR's health.
        await Assertions.Expect(page.Locator("#infrastructure-health tr", new() { HasText = "Configuration server" })).ToContainTextAsync("Healthy");
        await Assertions.Expect(page.Locator("#infrastructure-health tr[data-server='ps-onprem'] td:last-child")).ToHaveTextAsync("Healthy");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("No job is in progress.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Replicated items", Exact = true }).ClickAsync();
        var row = page.Locator("#items tr", new() { HasText = "app-01" });
        await Assertions.Expect(row).ToContainTextAsync("Protected");
        await Assertions.Expect(row).ToContainTextAsync("Primary");
        await row.GetByRole(AriaRole.Link, new() { Name = "app-01" }).ClickAsync();
        await Assertions.Expect(page.Locator("#points tr")).Not.ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Form, new() { Name = "Failover", Exact = true }).GetByLabel("Recovery point").SelectOptionAsync("latest");
        await page.GetByRole(AriaRole.Button, new() { Name = "Failover", Exact = true }).ClickAsync();

        Assert.EndsWith("/portal/portal/jobs", page.Url);
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("Unplanned failover");
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.jobs")).ToContainTextAsync("InProgress");
        await page.GoBackAsync();
        Assert.Equal("Succeeded", await NewestJobEndsAsync(page, server, "portal", lab));
        await page.Locator("table.jobs tr:nth-child(2) a").ClickAsync();
        await Assertions.Expect(page.Locator("#tasks tr")).Not.ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#tasks")).Not.ToContainTextAsync("InProgress");
        // Every task of the succeeded job has its start time and duration.
        foreach (var task in await page.Locator("#tasks tr").AllAsync())
            if (await task.Locator("td").CountAsync() > 0) Assert.All(await task.Locator("td").AllInnerTextsAsync(), cell => Assert.NotEmpty(cell));

        await page.GotoAsync($"{server.Host.Url}/portal/portal/items/app-01");
        await Assertions.Expect(page.Locator("#properties")).ToContainTextAsync("Recovery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        // Commit deletes the replica's disks in Azure, which takes virtual time: the job list shows it end Succeeded.
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("Commit");
        Assert.Equal("Succeeded", await NewestJobEndsAsync(page, server, "portal", lab));
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("Commit");

        // Re-protect back to on-premises with the dialog's choices.
        await server.AdvanceAsync("portal", lab, TimeSpan.FromHours(1));
        await page.GotoAsync($"{server.Host.Url}/portal/portal/items/app-01");
        var dialog = page.GetByRole(AriaRole.Form, new() { Name = "Re-protect" });
        await dialog.GetByLabel("Master target").SelectOptionAsync("mt-01");
        await dialog.GetByLabel("Process server").SelectOptionAsync("ps-azure");
        await dialog.GetByLabel("Datastore").SelectOptionAsync("DS1");
        await dialog.GetByLabel("Retention drive").SelectOptionAsync("R:");
        await dialog.GetByLabel("Recover to").SelectOptionAsync("original");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Re-protect" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("Reprotect");
        Assert.Equal("Succeeded", await NewestJobEndsAsync(page, server, "portal", lab));

        // The clicks are the trainee's journaled steps, with the dialog's choices, as the API's would be.
        var (_, actions) = await server.GetAsync("portal", "/actions", lab.InstructorToken);
        var trainee = actions.EnumerateArray().Where(a => a.GetProperty("role").GetString() == "trainee").ToList();
        Assert.Equal(["enable-protection", "wait-for-replication", "power-off", "failover", "commit", "reprotect"], trainee.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("""{"reprotect":{"vm":"app-01","master-target":"mt-01","process-server":"ps-azure","datastore":"DS1","retention-volume":"R:","location":"original"}}""",
            trainee[^1].GetProperty("command").GetRawText());
        var (_, items) = await server.GetAsync("portal", "/items", lab.TraineeToken);
        Assert.Equal("Recovery", items[0].GetProperty("activeLocation").GetString());
    }

    [Fact]
    public async Task A_refused_operation_shows_asrs_error_code_and_message_and_a_wrong_token_does_not_sign_in()
    {
        var (server, lab) = await FailoverReadyAsync("refusal");
        await using var _ = server;
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        await page.GotoAsync($"{server.Host.Url}/portal/refusal/login");
        await page.GetByLabel("Lab token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not open this lab");
        Assert.Empty(await page.Context.CookiesAsync());

        await SignInAsync(page, server, "refusal", lab.TraineeToken);
        await page.GotoAsync($"{server.Host.Url}/portal/refusal/items/app-01");
        // A second tab fails the item over first; the first tab's page still offers Failover, which the vault refuses.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"{server.Host.Url}/portal/refusal/items/app-01");
        await other.GetByRole(AriaRole.Button, new() { Name = "Failover", Exact = true }).ClickAsync();
        Assert.Equal("Succeeded", await NewestJobEndsAsync(other, server, "refusal", lab));
        await page.GetByRole(AriaRole.Button, new() { Name = "Failover", Exact = true }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToBeVisibleAsync();
        Console.WriteLine(await alert.InnerTextAsync());
        await Assertions.Expect(page.Locator("#error-code")).ToHaveTextAsync(new Regex("^\\S+$"));
        Assert.NotEmpty(await page.Locator("#error-message").InnerTextAsync());
        var (_, actions) = await server.GetAsync("refusal", "/actions", lab.InstructorToken);
        var refused = actions.EnumerateArray().Last();
        Assert.Equal("refused", refused.GetProperty("outcome").GetString());
        await Assertions.Expect(page.Locator("#error-code")).ToHaveTextAsync(refused.GetProperty("code").GetString()!);
    }
}
