using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The instructor console in a real browser: the trainee's token does not open it; the instructor injects a fault,
/// advances and pauses time, reads the objectives and the action log, and exports the session as a drill. Each form is
/// the API's command with the instructor's role.
/// </summary>
public sealed class PortalInstructorTests
{
    private static async Task SignInAsync(IPage page, string url, string token)
    {
        await page.GotoAsync(url + "/login");
        await page.GetByLabel("Lab token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/portal/class-1$"));
    }

    [Fact]
    public async Task The_instructor_injects_a_fault_moves_time_reads_objectives_and_log_and_exports_and_the_trainee_cannot()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("class-1", Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var url = $"{server.Host.Url}/portal/class-1";

        await SignInAsync(page, url, lab.TraineeToken);
        var refused = await page.GotoAsync(url + "/instructor");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("#error-code")).ToHaveTextAsync("AuthorizationFailed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await SignInAsync(page, url, lab.InstructorToken);
        await page.GotoAsync(url + "/instructor");
        await Assertions.Expect(page.Locator("#objectives tr")).ToHaveCountAsync(1 + 5);
        await Assertions.Expect(page.Locator("#score")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#objectives")).ToContainTextAsync("initial-replication");

        var fault = page.GetByRole(AriaRole.Form, new() { Name = "Inject a fault" });
        // The form offers the vocabulary the simulators fire: targets, operations and faults.
        await Assertions.Expect(fault.GetByLabel("Target").Locator("option")).ToHaveTextAsync(["vcenter", "azure", "network", "component"]);
        await Assertions.Expect(fault.Locator("#operations option[value='PowerOnVM_Task']")).ToHaveCountAsync(1);
        await Assertions.Expect(fault.Locator("#faults option[value='partition']")).ToHaveTextAsync("network");
        await fault.GetByLabel("Target").SelectOptionAsync("network");
        await fault.GetByLabel("Fault", new() { Exact = true }).FillAsync("partition");
        await fault.GetByLabel("For").FillAsync("10m");
        await fault.GetByRole(AriaRole.Button, new() { Name = "Inject" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Fault armed");
        await Assertions.Expect(page.Locator("#actions tr", new() { HasText = "fault" })).ToContainTextAsync("Instructor");

        await page.GetByLabel("Advance by").FillAsync("30m");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Advanced by 30m.");
        await Assertions.Expect(page.Locator("#clock")).ToContainTextAsync(new Regex("Virtual time 3\\dm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pace")).ToHaveTextAsync("Paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pace")).ToContainTextAsync("Manual");
        // A bad duration is the API's own refusal, shown as a page.
        await page.GetByLabel("Advance by").FillAsync("soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-code")).ToHaveTextAsync("InvalidDuration");
        await page.GoBackAsync();
        await browser.ShotAsync("instructor");

        var export = await page.APIRequest.GetAsync(url + "/instructor/export");
        Assert.Equal(200, export.Status);
        var yaml = await export.TextAsync();
        Assert.Contains("partition", yaml);
        Assert.DoesNotContain(lab.InstructorToken, yaml);
        var report = await page.APIRequest.GetAsync(url + "/instructor/report");
        Assert.Contains("Score", await report.TextAsync(), StringComparison.OrdinalIgnoreCase);

        // The same log through the API: the fault and the time came from the instructor.
        var (_, actions) = await server.GetAsync("class-1", "/actions", lab.InstructorToken);
        var first = actions.EnumerateArray().First();
        Assert.Equal(("fault", "instructor"), (first.GetProperty("kind").GetString(), first.GetProperty("role").GetString()));
        Assert.Equal("""{"target":"network","fault":"partition","for":"10m","at":"0s"}""", first.GetProperty("command").GetRawText());
    }
}
