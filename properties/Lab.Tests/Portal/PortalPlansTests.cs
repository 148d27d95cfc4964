using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// One lab of two protected machines, in a real browser: the Site Recovery infrastructure pages; the vSphere Client's
/// recent tasks (live), snapshot names and configuration parameters; a recovery plan created, test failed over, cleaned
/// up, failed over, one machine's recovery point changed, committed and re-protected back, each plan job followed in
/// the jobs list. Every click is the trainee's journaled step, as the API would take it.
/// </summary>
public sealed class PortalPlansTests
{
    private const string Name = "plans";

    private const string Drill = """
        title: two machines protected, for a recovery plan
        seed: 5
        topology:
          vcenters: [{name: vcsa-01.lab.local}]
          hosts: [{name: esxi-01.lab.local, vcenter: vcsa-01.lab.local, version: 7.0.0, edition: enterprise}]
          datastores: [{name: DS1, hosts: [esxi-01.lab.local], capacity: 1TiB}]
          vms:
            - {name: db-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [8MiB], ip: 10.0.5.21}
            - {name: web-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [8MiB], ip: 10.0.5.22}
            - {name: jump-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [1MiB], ip: 10.0.5.23}
            - {name: mt-01, host: esxi-01.lab.local, datastore: DS1, os: windows9Server64Guest, disks: [1MiB], memory: 8GiB, ip: 10.0.0.50}
          azure: {region: westeurope, resource-group: asr-recovery, network: recovery-net}
          connectivity: {link: vpn}
          configuration-server: {name: cs-01, ip: 10.0.9.5}
          process-servers:
            - {name: ps-onprem, ip: 10.0.9.6}
            - {name: ps-azure, location: azure}
          master-targets:
            - {vm: mt-01, retention: "R:"}
        steps:
          - add-run-as-account: {name: vcenter-admin, user: administrator@vsphere.local}
          - enable-protection: {vm: [db-01, web-01], process-server: ps-onprem}
          - wait-for-replication: {vm: db-01}
          - wait-for-replication: {vm: web-01}
          - write: {vm: db-01, size: 1MiB}
          - wait: 20m
          - write: {vm: db-01, size: 1MiB}
          - wait: 20m
          - power-off: {vm: db-01}
          - power-off: {vm: web-01}
        """;

    [Fact]
    public async Task A_trainee_reads_the_infrastructure_and_vsphere_tasks_and_runs_a_recovery_plan_through_its_pages()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync(Name, server.Drill("plans.yaml", Drill));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var url = $"{server.Host.Url}/portal/{Name}";
        await page.GotoAsync(url + "/login");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}$"));

        // Site Recovery infrastructure: the servers, their heartbeats and health, the master target's volumes, the
        // vCenter, the run-as account by its name only, the policies with their failback pair.
        await page.GetByRole(AriaRole.Link, new() { Name = "Site Recovery infrastructure" }).ClickAsync();
        await Assertions.Expect(page.Locator("#configuration-server")).ToContainTextAsync("cs-01");
        await Assertions.Expect(page.Locator("#configuration-server")).ToContainTextAsync("Running");
        var onprem = page.Locator("#process-servers tr[data-server='ps-onprem']");
        await Assertions.Expect(onprem.Locator(".health")).ToHaveTextAsync("Healthy");
        await Assertions.Expect(onprem.Locator("td").Nth(3)).ToHaveTextAsync(new Regex("^\\d{4}-"));
        await Assertions.Expect(page.Locator("#process-servers tr[data-server='ps-azure']")).ToContainTextAsync("Azure");
        var mt = page.Locator("#master-targets tr[data-server='mt-01']");
        await Assertions.Expect(mt).ToContainTextAsync("R:");
        await Assertions.Expect(mt.Locator(".volumes li", new() { HasText = "R:" })).ToContainTextAsync("can hold retention");
        await Assertions.Expect(page.Locator("#vcenters")).ToContainTextAsync("vcsa-01.lab.local");
        await Assertions.Expect(page.Locator("#run-as-accounts")).ToHaveTextAsync("vcenter-admin");
        await Assertions.Expect(page.Locator("#policies tr")).ToHaveCountAsync(1 + 2);
        await Assertions.Expect(page.Locator("#policies")).ToContainTextAsync("Failback (Azure to VMware)");
        var html = await page.ContentAsync();
        // The account's password is the topology's.
        Assert.DoesNotContain("VMware1!", html);
        Assert.DoesNotContain("administrator@vsphere.local", html);
        await browser.ShotAsync("infrastructure");

        // The vSphere Client: a snapshot taken by its form shows its name; a change made elsewhere (the API) shows in
        // Recent Tasks without a reload; the configuration parameter it set is in the inventory.
        await page.GetByRole(AriaRole.Link, new() { Name = "vSphere Client" }).ClickAsync();
        var jump = page.Locator("li.vm[data-vm='jump-01']");
        var web = page.Locator("li.vm[data-vm='web-01']");
        await Assertions.Expect(page.Locator("li.vm[data-vm='mt-01'] dl.extra-config")).ToContainTextAsync("disk.EnableUUID");
        await jump.GetByLabel("Snapshot name").FillAsync("before-patch");
        await jump.GetByRole(AriaRole.Button, new() { Name = "Take snapshot" }).ClickAsync();
        for (var i = 0; i < 30 && await jump.Locator(".snapshots").InnerTextAsync() != "1 snapshots"; i++)
        {
            await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
            await page.ReloadAsync();
        }
        await Assertions.Expect(jump.Locator(".snapshot-names")).ToHaveTextAsync("(before-patch)");
        var snapshot = page.Locator("#recent-tasks tr", new() { HasText = "VirtualMachine.createSnapshot" }).First;
        await Assertions.Expect(snapshot.Locator(".target")).ToHaveTextAsync("jump-01");
        await Assertions.Expect(snapshot.Locator(".status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#recent-tasks")).ToHaveAttributeAsync("data-live", "on");
        await page.EvaluateAsync("window.sameDocument = true");
        await server.StepAsync(Name, lab, """{"set-extra-config": {"vm": "web-01", "key": "guestinfo.role", "value": "frontend"}}""");
        var reconfigure = page.Locator("#recent-tasks tr", new() { HasText = "VirtualMachine.reconfigure" }).Filter(new() { HasText = "web-01" }).First;
        await Assertions.Expect(reconfigure.Locator(".status")).ToHaveTextAsync("Completed");
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"), "the page was reloaded");
        await browser.ShotAsync("vsphere-tasks");
        await page.ReloadAsync();
        await Assertions.Expect(web.Locator("dl.extra-config")).ToContainTextAsync("guestinfo.role");
        await Assertions.Expect(web.Locator("dl.extra-config dd")).ToHaveTextAsync("frontend");

        // Recovery plans: a plan naming a machine the vault does not have is refused with the reason; then the plan.
        await page.GetByRole(AriaRole.Link, new() { Name = "Recovery plans" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("No recovery plan yet.");
        var create = page.GetByRole(AriaRole.Form, new() { Name = "Create recovery plan" });
        await create.GetByLabel("Name").FillAsync("bad-plan");
        await create.GetByLabel("Groups in order").FillAsync("db-01\nno-such-vm");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-message")).ToContainTextAsync("no-such-vm");
        await page.GotoAsync(url + "/plans");
        await create.GetByLabel("Name").FillAsync("app-plan");
        await create.GetByLabel("Groups in order").FillAsync("db-01\n\n  web-01  \n");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/plans/app-plan$"));
        await Assertions.Expect(page.Locator("#plan-groups tr td:nth-child(2)")).ToHaveTextAsync(["db-01", "web-01"]);
        await Assertions.Expect(page.Locator("#plan-groups tr td:first-child")).ToHaveTextAsync(["Group 1", "Group 2"]);
        await browser.ShotAsync("plan");

        async Task PlanJobSucceedsAsync(string job)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/jobs$"));
            var row = page.Locator("table.jobs tr")
                .Filter(new() { Has = page.Locator("td:nth-child(2)", new() { HasTextRegex = new Regex("^app-plan$") }) })
                .Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new Regex($"^{job}$") }) }).First;
            await Assertions.Expect(row).ToBeVisibleAsync();
            for (var i = 0; i < 200 && await row.Locator("td.state").InnerTextAsync() is "InProgress" or "NotStarted"; i++)
                await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
            // The list is live: the job's end shows without a reload.
            await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync("Succeeded");
        }
        async Task<ILocator> PlanFormAsync(string form)
        {
            await page.GotoAsync(url + "/plans/app-plan");
            return page.GetByRole(AriaRole.Form, new() { Name = form, Exact = true });
        }

        var test = await PlanFormAsync("Test failover");
        await test.GetByLabel("Recovery point").SelectOptionAsync("latest");
        await test.GetByRole(AriaRole.Button, new() { Name = "Test failover" }).ClickAsync();
        await PlanJobSucceedsAsync("Test failover");
        var cleanup = await PlanFormAsync("Cleanup test failover");
        await cleanup.GetByLabel("Notes").FillAsync("both machines answered");
        await cleanup.GetByRole(AriaRole.Button, new() { Name = "Cleanup test failover" }).ClickAsync();
        await PlanJobSucceedsAsync("Cleanup test failover");
        var failover = await PlanFormAsync("Failover");
        await failover.GetByLabel("Recovery point").SelectOptionAsync("latest");
        await failover.GetByRole(AriaRole.Button, new() { Name = "Failover" }).ClickAsync();
        await PlanJobSucceedsAsync("Unplanned failover");

        // Between failover and commit, db-01's page offers Change recovery point with its points (Custom); the second
        // newest listed is applied.
        await page.GotoAsync(url + "/items/db-01");
        var change = page.GetByRole(AriaRole.Form, new() { Name = "Change recovery point" });
        await Assertions.Expect(change.GetByLabel("Recovery point").Locator("optgroup[label='Custom'] option")).Not.ToHaveCountAsync(0);
        var previous = await page.Locator("#points tr:nth-child(3) td:first-child").InnerTextAsync();
        await change.GetByLabel("Recovery point").SelectOptionAsync(previous);
        await change.GetByRole(AriaRole.Button, new() { Name = "Change recovery point" }).ClickAsync();
        var changed = page.Locator("table.jobs tr:nth-child(2)");
        await Assertions.Expect(changed).ToContainTextAsync("Change recovery point");
        for (var i = 0; i < 200 && await changed.Locator("td.state").InnerTextAsync() is "InProgress" or "NotStarted"; i++)
            await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
        await Assertions.Expect(changed.Locator("td.state")).ToHaveTextAsync("Succeeded");

        var commit = await PlanFormAsync("Commit");
        await commit.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        await PlanJobSucceedsAsync("Commit");
        await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(30));
        var reprotect = await PlanFormAsync("Re-protect");
        await reprotect.GetByLabel("Direction").SelectOptionAsync("to-on-premises");
        await reprotect.GetByLabel("Master target").SelectOptionAsync("mt-01");
        await reprotect.GetByLabel("Process server").SelectOptionAsync("ps-azure");
        await reprotect.GetByLabel("Datastore").SelectOptionAsync("DS1");
        await reprotect.GetByLabel("Retention drive").SelectOptionAsync("R:");
        await reprotect.GetByRole(AriaRole.Button, new() { Name = "Re-protect" }).ClickAsync();
        await PlanJobSucceedsAsync("Reprotect");
        await page.GetByRole(AriaRole.Link, new() { Name = "Recovery plans" }).ClickAsync();
        await Assertions.Expect(page.Locator("#plans tr", new() { HasText = "app-plan" })).ToContainTextAsync("2");
        await browser.ShotAsync("plans");

        // Enable replication offers the configuration server's run-as accounts by name; the step names the one chosen.
        await page.GetByRole(AriaRole.Link, new() { Name = "Replicated items", Exact = true }).ClickAsync();
        var enable = page.GetByRole(AriaRole.Form, new() { Name = "Enable replication" });
        await enable.GetByLabel("Virtual machine").SelectOptionAsync("jump-01");
        await enable.GetByLabel("Run-as account").SelectOptionAsync("vcenter-admin");
        await enable.GetByRole(AriaRole.Button, new() { Name = "Enable replication" }).ClickAsync();
        // The configuration server first logs in to the vCenter with the account (virtual time), then records the job.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/jobs$"));
        await server.AdvanceAsync(Name, lab, TimeSpan.FromMinutes(1));
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("jump-01");

        // The clicks are the trainee's journaled steps, with the forms' values, as the API would take them.
        var (_, actions) = await server.GetAsync(Name, "/actions", lab.InstructorToken);
        var done = actions.EnumerateArray().Where(a => a.GetProperty("role").GetString() == "trainee" && a.GetProperty("outcome").GetString() == "done").ToList();
        Assert.Equal(["take-snapshot", "set-extra-config", "create-plan", "plan-test-failover", "plan-test-failover-cleanup", "plan-failover", "change-recovery-point", "plan-commit", "plan-reprotect", "enable-protection"],
            done.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(""""{"enable-protection":{"vm":"jump-01","run-as-account":"vcenter-admin"}}"""", done[9].GetProperty("command").GetRawText());
        Assert.Equal("""{"create-plan":{"name":"app-plan","groups":[["db-01"],["web-01"]]}}""", done[2].GetProperty("command").GetRawText());
        Assert.Equal($$$"""{"change-recovery-point":{"vm":"db-01","point":"{{{previous}}}"}}""", done[6].GetProperty("command").GetRawText());
        Assert.Equal("""{"plan-reprotect":{"plan":"app-plan","direction":"to-on-premises","master-target":"mt-01","process-server":"ps-azure","datastore":"DS1","retention-volume":"R:"}}""",
            done[8].GetProperty("command").GetRawText());
        var (_, plans) = await server.GetAsync(Name, "/plans", lab.TraineeToken);
        Assert.Equal("app-plan", Assert.Single(plans.EnumerateArray()).GetProperty("name").GetString());
        var (_, items) = await server.GetAsync(Name, "/items", lab.TraineeToken);
        // The plan's two machines still run in Azure, replicating back to on-premises.
        Assert.All(items.EnumerateArray().Where(i => i.GetProperty("name").GetString() is "db-01" or "web-01"), i =>
        {
            Assert.Equal("Recovery", i.GetProperty("activeLocation").GetString());
            Assert.Contains(i.GetProperty("protectionState").GetString(), new[] { "ReprotectInitiated", "InitialReplicationInProgress", "Protected" });
        });
    }
}
