using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>The Replicated items list with several items: each column sorts both ways, as the portal's grid does.</summary>
public sealed class PortalItemsTests
{
    private const string Drill = """
        title: three machines protected, one failed over
        seed: 3
        topology:
          vcenters: [{name: vc}]
          hosts: [{name: h1, vcenter: vc}]
          datastores: [{name: DS1, hosts: [h1], capacity: 1TiB}]
          vms:
            - {name: web-b, host: h1, datastore: DS1, disks: [8MiB]}
            - {name: db-c, host: h1, datastore: DS1, disks: [8MiB]}
            - {name: app-a, host: h1, datastore: DS1, disks: [16MiB]}
          azure: {region: westeurope, resource-group: rg, network: net}
          configuration-server: {name: cs-01, ip: 10.0.9.5}
          process-servers: [{name: ps-onprem, ip: 10.0.9.6}]
        steps:
          - enable-protection: {vm: [web-b, db-c, app-a]}
          - wait-for-replication: {vm: app-a}
          - wait-for-replication: {vm: db-c}
          - wait-for-replication: {vm: web-b}
          - wait: 10m
          - power-off: {vm: db-c}
          - failover: {vm: db-c, point: latest-processed}
        """;

    [Fact]
    public async Task The_replicated_items_sort_by_name_status_and_location_both_ways()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("three", server.Drill("three.yaml", Drill));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        await page.GotoAsync($"{server.Host.Url}/portal/three/login");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Replicated items", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#items tbody td:first-child a")).ToHaveTextAsync(["app-a", "db-c", "web-b"]);
        // The grid sorts in the browser's live circuit: clicks count once it is connected.
        await Assertions.Expect(page.Locator("#item-grid")).ToHaveAttributeAsync("data-live", "on");
        await page.GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#items tbody td:first-child a")).ToHaveTextAsync(["web-b", "db-c", "app-a"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Active location", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#items tbody td:first-child a").Last).ToHaveTextAsync("db-c");
        var recovery = page.Locator("#items tr", new() { HasText = "db-c" });
        await Assertions.Expect(recovery).ToContainTextAsync("Recovery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Active location", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#items tbody td:first-child a").First).ToHaveTextAsync("db-c");
        await Assertions.Expect(page.Locator("#items th", new() { HasText = "Active location" })).ToHaveAttributeAsync("aria-sort", "descending");
        // The filter keeps the rows whose name has its text, in any case.
        await page.GetByLabel("Filter by name").FillAsync("WEB");
        await Assertions.Expect(page.Locator("#items tbody td:first-child a")).ToHaveTextAsync(["web-b"]);
    }
}
