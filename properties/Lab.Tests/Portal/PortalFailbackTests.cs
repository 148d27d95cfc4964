using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The whole failback cycle through the portal, click by click as a trainee would (the instructor only moves the
/// manual lab's time through the API): enable replication, power off in the vSphere Client, fail over, commit,
/// re-protect back, fail back, commit, re-protect to Azure; it ends in the vault state of
/// Scenarios/drills/failback-whole-cycle.yaml (protected on-premises, seven jobs, none failed).
/// </summary>
public sealed class PortalFailbackTests
{
    private const string Name = "cycle";

    [Fact]
    public async Task A_trainee_runs_the_whole_failback_cycle_by_clicks_and_ends_in_the_main_drills_state()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync(Name, Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var url = $"{server.Host.Url}/portal/{Name}";
        await page.GotoAsync(url + "/login");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}$"));

        async Task<JsonElement> ItemAsync() => (await server.GetAsync(Name, "/items", lab.TraineeToken)).Body[0];
        // The instructor moves time until the condition holds (the trainee waits, as in a real vault).
        async Task UntilAsync(Func<JsonElement, bool> holds, string what)
        {
            for (var i = 0; i < 200; i++)
            {
                if (holds(await ItemAsync())) return;
                await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(2));
            }
            throw new TimeoutException(what);
        }
        async Task JobSucceedsAsync(string job)
        {
            var newest = page.Locator("table.jobs tr:nth-child(2)");
            await Assertions.Expect(newest).ToContainTextAsync(job);
            for (var i = 0; i < 200 && await newest.Locator("td.state").InnerTextAsync() is "InProgress" or "NotStarted"; i++)
                await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
            await Assertions.Expect(newest.Locator("td.state")).ToHaveTextAsync("Succeeded");
        }
        async Task OpenItemAsync()
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Replicated items", Exact = true }).ClickAsync();
            await page.Locator("#items").GetByRole(AriaRole.Link, new() { Name = "app-01" }).ClickAsync();
        }
        async Task FailoverAndCommitAsync()
        {
            await OpenItemAsync();
            await page.GetByRole(AriaRole.Form, new() { Name = "Failover", Exact = true }).GetByLabel("Recovery point").SelectOptionAsync("latest");
            await page.GetByRole(AriaRole.Button, new() { Name = "Failover", Exact = true }).ClickAsync();
            await JobSucceedsAsync("Unplanned failover");
            await OpenItemAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Site Recovery jobs" }).ClickAsync();
            await JobSucceedsAsync("Commit");
        }

        // Enable replication from Replicated items.
        await page.GetByRole(AriaRole.Link, new() { Name = "Replicated items", Exact = true }).ClickAsync();
        var enable = page.GetByRole(AriaRole.Form, new() { Name = "Enable replication" });
        await enable.GetByLabel("Virtual machine").SelectOptionAsync("app-01");
        await enable.GetByLabel("Process server").SelectOptionAsync("ps-onprem");
        await enable.GetByRole(AriaRole.Button, new() { Name = "Enable replication" }).ClickAsync();
        await JobSucceedsAsync("Enable protection");
        await UntilAsync(i => i.GetProperty("protectionState").GetString() == "Protected", "initial replication");
        await server.AdvanceAsync(Name, lab, TimeSpan.FromHours(1));

        // The site is down: power app-01 off in the vSphere Client, fail over to Azure and commit.
        await page.GetByRole(AriaRole.Link, new() { Name = "vSphere Client" }).ClickAsync();
        await page.GetByRole(AriaRole.Form, new() { Name = "Power of app-01" }).GetByRole(AriaRole.Button, new() { Name = "Power off" }).ClickAsync();
        var power = page.Locator("li.vm[data-vm='app-01'] .power");
        for (var i = 0; i < 30 && await power.InnerTextAsync() != "Powered off"; i++)
        {
            await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
            await page.ReloadAsync();
        }
        await Assertions.Expect(power).ToHaveTextAsync("Powered off");
        await FailoverAndCommitAsync();
        await server.AdvanceAsync(Name, lab, TimeSpan.FromHours(1));

        // Re-protect back to on-premises through the master target, then fail back and commit.
        await OpenItemAsync();
        var dialog = page.GetByRole(AriaRole.Form, new() { Name = "Re-protect" });
        await Assertions.Expect(dialog.Locator("#reprotect-direction")).ToHaveTextAsync("Direction: Azure to on-premises");
        await dialog.GetByLabel("Master target").SelectOptionAsync("mt-01");
        await dialog.GetByLabel("Process server").SelectOptionAsync("ps-azure");
        await dialog.GetByLabel("Datastore").SelectOptionAsync("DS1");
        await dialog.GetByLabel("Retention drive").SelectOptionAsync("R:");
        await dialog.GetByLabel("Recover to").SelectOptionAsync("original");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Re-protect" }).ClickAsync();
        await JobSucceedsAsync("Reprotect");
        await UntilAsync(i => i.GetProperty("protectionState").GetString() == "Protected" && i.GetProperty("replicationHealth").GetString() == "Normal", "replication back");
        await server.AdvanceAsync(Name, lab, TimeSpan.FromHours(1));
        await FailoverAndCommitAsync();

        // Protect it to Azure again, through the on-premises process server.
        await OpenItemAsync();
        dialog = page.GetByRole(AriaRole.Form, new() { Name = "Re-protect" });
        // Back to Azure the dialog asks no master target, datastore or retention drive.
        await Assertions.Expect(dialog.Locator("#reprotect-direction")).ToHaveTextAsync("Direction: on-premises to Azure");
        await Assertions.Expect(dialog.GetByLabel("Master target")).ToHaveCountAsync(0);
        await dialog.GetByLabel("Process server").SelectOptionAsync("ps-onprem");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Re-protect" }).ClickAsync();
        await JobSucceedsAsync("Reprotect");
        await UntilAsync(i => i.GetProperty("protectionState").GetString() == "Protected", "replication to Azure");

        // The main drill's end: protected on-premises with its allowed operations; seven jobs, none failed.
        var item = await ItemAsync();
        Assert.Equal(("Protected", "Primary"), (item.GetProperty("protectionState").GetString(), item.GetProperty("activeLocation").GetString()));
        Assert.Equal(["UnplannedFailover", "DisableProtection", "TestFailover"], item.GetProperty("allowedOperations").EnumerateArray().Select(o => o.GetString()));
        var (_, jobs) = await server.GetAsync(Name, "/jobs", lab.TraineeToken);
        Assert.Equal(4 + 7, jobs.GetArrayLength()); // the setup's infrastructure jobs, then the cycle's
        Assert.DoesNotContain(jobs.EnumerateArray(), j => j.GetProperty("state").GetString() == "Failed");
        var (_, actions) = await server.GetAsync(Name, "/actions", lab.InstructorToken);
        Assert.Equal(["enable-protection", "power-off", "failover", "commit", "reprotect", "failover", "commit", "reprotect"],
            actions.EnumerateArray().Where(a => a.GetProperty("role").GetString() == "trainee").Select(a => a.GetProperty("name").GetString()));
    }
}
