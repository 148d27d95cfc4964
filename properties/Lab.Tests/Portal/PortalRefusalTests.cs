using System.Net;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The portal as a stranger would try it: a lab whose re-protect fails (a snapshot on the VM, the VPN down), the dialog
/// left at its defaults, a job's ASR errors on its page, a hostile name in the address, and pages without sign-in.
/// </summary>
public sealed class PortalRefusalTests
{
    [Fact]
    public async Task A_failed_reprotect_shows_asrs_errors_on_its_job_page_and_hostile_or_unsigned_requests_are_refused()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync("refused", Path.Combine(LabDrillTests.Labs, "reprotect-refused.yaml"));
        var other = await server.CreateAsync("other", Path.Combine(LabDrillTests.Labs, "reprotect-refused.yaml"));
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;

        // Another lab's token does not open this one; no page is served before sign-in.
        await page.GotoAsync($"{server.Host.Url}/portal/refused/jobs");
        Assert.EndsWith("/portal/refused/login", page.Url);
        await page.GetByLabel("Lab token").FillAsync(other.TraineeToken);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not open this lab");
        await page.GetByLabel("Lab token").FillAsync(lab.TraineeToken);
        await page.Keyboard.PressAsync("Enter");
        // Polled, not awaited as a navigation event: under load the sign-in's redirect can land before the wait begins.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal/refused$"));

        // The exercise's own failed re-protect: its job page lists ASR's error.
        await page.GetByRole(AriaRole.Link, new() { Name = "Site Recovery jobs" }).ClickAsync();
        var failed = page.Locator("table.jobs tr", new() { HasText = "Failed" }).First;
        await Assertions.Expect(failed).ToContainTextAsync("Reprotect");
        await failed.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("#job-errors")).ToContainTextAsync("FB2002");
        await Assertions.Expect(page.Locator("#job-errors")).ToContainTextAsync("snapshot");

        // The trainee tries again with the dialog's defaults: the step carries no choice, the job fails the same way.
        await page.GotoAsync($"{server.Host.Url}/portal/refused/items/app-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-protect" }).ClickAsync();
        for (var i = 0; i < 100 && await page.Locator("table.jobs tr:nth-child(2) td.state").InnerTextAsync() is "InProgress" or "NotStarted"; i++)
        {
            await server.AdvanceAsync("refused", lab, TimeSpan.FromMinutes(1));
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.Locator("table.jobs tr:nth-child(2)")).ToContainTextAsync("Failed");
        var (_, actions) = await server.GetAsync("refused", "/actions", lab.InstructorToken);
        var last = actions.EnumerateArray().Last();
        Assert.Equal("""{"reprotect":{"vm":"app-01"}}""", last.GetProperty("command").GetRawText());
        Assert.Equal("FB2002", last.GetProperty("code").GetString());

        // A hostile name in the address is shown encoded, with a clear error and 404.
        var response = await page.GotoAsync($"{server.Host.Url}/portal/refused/items/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.Locator("#error-code")).ToHaveTextAsync("ProtectedItemNotFound");
        Assert.Contains("&lt;script&gt;", await response.TextAsync());
        Assert.DoesNotContain("<script>", await response.TextAsync());
        // An operation the portal does not have is refused without journaling anything.
        var before = actions.GetArrayLength();
        var unknown = await page.APIRequest.PostAsync($"{server.Host.Url}/portal/refused/items/app-01/delete-everything", new() { Form = page.APIRequest.CreateFormData() });
        Assert.Equal(404, unknown.Status);
        (_, actions) = await server.GetAsync("refused", "/actions", lab.InstructorToken);
        Assert.Equal(before, actions.GetArrayLength());
    }
}
