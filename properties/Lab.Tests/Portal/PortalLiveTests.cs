using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The portal's live parts: the instructor partitions the network through the API while the trainee's item page stays
/// open; its replication health and RPO go Critical and back to Normal after the partition heals, and the virtual
/// clock moves, all without a reload.
/// </summary>
public sealed class PortalLiveTests
{
    [Fact]
    public async Task The_item_page_shows_rpo_and_health_go_critical_during_a_partition_and_back_after_healing_without_a_reload()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("live", Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await server.StepAsync("live", lab, """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync("live", lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync("live", lab, TimeSpan.FromMinutes(10));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        await page.GotoAsync($"{server.Host.Url}/portal/live/login");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync($"{server.Host.Url}/portal/live/items/app-01");
        var health = page.Locator("#item-replicationHealth");
        var rpo = page.Locator("#item-rpo");
        await Assertions.Expect(health).ToHaveTextAsync("Normal");
        await Assertions.Expect(page.Locator("#item-status")).ToHaveAttributeAsync("data-live", "on");
        await Assertions.Expect(page.Locator("#clock")).ToHaveAttributeAsync("data-live", "on");
        // A mark in the page's script state: a reload would lose it.
        await page.EvaluateAsync("window.sameDocument = true");
        var clockBefore = await page.Locator("#clock").InnerTextAsync();

        var (status, armed) = await server.PostAsync("live", "/faults", lab.InstructorToken, """{"target": "network", "fault": "partition", "for": "160m"}""");
        Assert.True(status == System.Net.HttpStatusCode.OK, armed.ToString());
        await server.AdvanceAsync("live", lab, TimeSpan.FromMinutes(140));
        await Assertions.Expect(health).ToHaveTextAsync("Critical");
        await Assertions.Expect(health).ToHaveClassAsync("Critical");
        await Assertions.Expect(rpo).ToHaveTextAsync(new Regex("^2h"));
        await Assertions.Expect(page.Locator("#clock")).Not.ToHaveTextAsync(clockBefore);

        // The partition heals after 160 minutes; replication catches up and the RPO is back under its threshold.
        await server.AdvanceAsync("live", lab, TimeSpan.FromMinutes(40));
        await Assertions.Expect(health).ToHaveTextAsync("Normal");
        await Assertions.Expect(rpo).Not.ToHaveTextAsync(new Regex("^(\\d\\dm|\\d+h)"));
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"), "the page was reloaded");
    }
}
