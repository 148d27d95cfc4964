using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// An item's own test failover, its cleanup and disabling replication, each from the item's page and followed in the
/// jobs list (the plans test runs a plan's); the clicks are the trainee's journaled steps with the forms' values.
/// </summary>
public sealed class PortalTestFailoverTests
{
    private const string Name = "drill-day";

    [Fact]
    public async Task A_trainee_test_fails_an_item_over_cleans_up_and_disables_replication_from_its_page()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync(Name, Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await server.StepAsync(Name, lab, """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync(Name, lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(30));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var item = $"{server.Host.Url}/portal/{Name}/items/app-01";
        await page.GotoAsync($"{server.Host.Url}/portal/{Name}/login");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}$"));

        async Task SubmitAsync(string form, Func<ILocator, Task> fill, string job)
        {
            await page.GotoAsync(item);
            var dialog = page.GetByRole(AriaRole.Form, new() { Name = form, Exact = true });
            await fill(dialog);
            await dialog.GetByRole(AriaRole.Button, new() { Name = form, Exact = true }).ClickAsync();
            var newest = page.Locator("table.jobs tr:nth-child(2)");
            await Assertions.Expect(newest).ToContainTextAsync(job);
            // The jobs list is live: the job's end shows without a reload.
            for (var i = 0; i < 120 && await newest.Locator("td.state").InnerTextAsync() is "InProgress" or "NotStarted"; i++)
                await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
            await Assertions.Expect(newest.Locator("td.state")).ToHaveTextAsync("Succeeded");
        }

        await SubmitAsync("Test failover", d => d.GetByLabel("Recovery point").SelectOptionAsync("latest-app-consistent"), "Test failover");
        await page.GotoAsync(item);
        // The test is pending its cleanup: the page offers it, and no second test failover.
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Test failover", Exact = true })).ToHaveCountAsync(0);
        await SubmitAsync("Cleanup test failover", d => d.GetByLabel("Notes").FillAsync("the app answered"), "Cleanup test failover");
        await SubmitAsync("Disable replication", _ => Task.CompletedTask, "Disable");

        var (_, actions) = await server.GetAsync(Name, "/actions", lab.InstructorToken);
        var trainee = actions.EnumerateArray().Where(a => a.GetProperty("role").GetString() == "trainee").Select(a => a.GetProperty("command").GetRawText()).ToList();
        Assert.Equal(
            [
                """{"test-failover":{"vm":"app-01","point":"latest-app-consistent"}}""",
                """{"test-failover-cleanup":{"vm":"app-01","notes":"the app answered"}}""",
                """{"disable-protection":{"vm":"app-01"}}""",
            ],
            trainee.Skip(2));
        var (_, items) = await server.GetAsync(Name, "/items", lab.TraineeToken);
        Assert.DoesNotContain(items.EnumerateArray(), i => i.GetProperty("name").GetString() == "app-01" && i.GetProperty("protectionState").GetString() == "Protected");
    }
}
