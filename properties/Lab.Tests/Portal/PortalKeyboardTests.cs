using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Failback.Lab.Tests.Portal;

/// <summary>
/// The portal without a mouse and without the internet: a trainee signs in and fails an item over to its latest
/// processed point with the keyboard only (Tab to each control, arrows in a list, Enter); Azure refuses the VM (an
/// instructor's fault), and the item's page shows ASR's health error with its causes and recommended action; every
/// form control of the pages walked has a label; every page carries the Content-Security-Policy, and nothing the pages
/// load or link to is outside the host.
/// </summary>
public sealed class PortalKeyboardTests
{
    private const string Name = "keys";

    /// <summary>Form controls (hidden inputs aside) that no label names: a label for them, or aria-label.</summary>
    private const string Unlabelled = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(c => c.labels.length === 0 && !c.getAttribute('aria-label'))
            .map(c => c.outerHTML)
        """;

    /// <summary>Every address the page loads (src) or links to (href, form action), resolved, whose origin is not the page's.</summary>
    private const string Elsewhere = """
        () => [...document.querySelectorAll('[src], [href], form[action]')]
            .map(e => new URL(e.getAttribute('src') ?? e.getAttribute('href') ?? e.getAttribute('action'), document.baseURI))
            .filter(u => u.origin !== location.origin)
            .map(u => u.href)
        """;

    [Fact]
    public async Task A_trainee_fails_over_with_the_keyboard_only_on_labelled_forms_and_nothing_comes_from_outside_the_host()
    {
        await using var server = await LabServer.StartAsync();
        var lab = await server.CreateAsync(Name, Path.Combine(LabDrillTests.Labs, "failback-cycle.yaml"));
        await server.StepAsync(Name, lab, """{"enable-protection": {"vm": "app-01", "process-server": "ps-onprem"}}""");
        await server.StepAsync(Name, lab, """{"wait-for-replication": {"vm": "app-01"}}""");
        await server.AdvanceAsync(Name, lab, TimeSpan.FromHours(1));
        await server.StepAsync(Name, lab, """{"power-off": {"vm": "app-01"}}""");
        // Azure refuses to create what the failover puts (the VM, its disks and NIC), so the failover job fails.
        var (armed, body) = await server.PostAsync(Name, "/faults", lab.InstructorToken, """{"target": "azure", "operation": "put", "fault": "InvalidParameter"}""");
        Assert.True(armed == System.Net.HttpStatusCode.OK, body.ToString());
        await using var browser = await PortalBrowser.StartAsync();
        var page = browser.Page;
        var origin = server.Host.Url.TrimEnd('/');
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var documents = new List<(string Url, string? Policy)>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document") documents.Add((response.Url, response.Headers.GetValueOrDefault("content-security-policy")));
        };

        // Tab moves the focus to the control: it is reachable from the keyboard, in the page's order.
        async Task TabToAsync(string selector)
        {
            for (var i = 0; i < 80; i++)
            {
                if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
                await page.Keyboard.PressAsync("Tab");
            }
            throw new InvalidOperationException($"Tab never reached {selector} on {page.Url}");
        }
        async Task CheckPageAsync()
        {
            Assert.Empty(await page.EvaluateAsync<string[]>(Unlabelled));
            Assert.Empty(await page.EvaluateAsync<string[]>(Elsewhere));
        }

        await page.GotoAsync($"{origin}/portal/{Name}/login");
        await CheckPageAsync();
        await TabToAsync("#token");
        await page.Keyboard.TypeAsync(lab.TraineeToken);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}$"));
        await CheckPageAsync();

        await TabToAsync("nav a[href$='/items']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/items$"));
        await CheckPageAsync();
        await TabToAsync("#items a[href$='/items/app-01']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/items/app-01$"));
        await CheckPageAsync();

        // The failover dialog's list: Latest (lowest RPO), Latest processed (the newest listed point), Latest
        // app-consistent, then the listed points under Custom. One arrow down is Latest processed.
        var newest = await page.Locator("#points tr:nth-child(2) td:first-child").InnerTextAsync();
        var point = page.GetByRole(AriaRole.Form, new() { Name = "Failover", Exact = true }).GetByLabel("Recovery point");
        await Assertions.Expect(point.Locator("option")).ToContainTextAsync(["Latest (lowest RPO)", "Latest processed (low RTO)", "Latest app-consistent"]);
        await TabToAsync("#point");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(point).ToHaveValueAsync(newest);
        // Next comes "Shut down machine before beginning failover", left unticked (the step says nothing of it), then the button.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#shut-down")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        // Azure refused the VM (the instructor's fault): the job fails at once and the page shows ASR's error; the
        // item's page lists it among its health errors, with its possible causes and recommended action.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckPageAsync();
        var code = await page.Locator("#error-code").InnerTextAsync();
        await TabToAsync("main a[href$='/items/app-01']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/portal/{Name}/items/app-01$"));
        var error = page.Locator("#health-errors li").First;
        await Assertions.Expect(error.Locator(".error-code")).ToHaveTextAsync(code);
        await Assertions.Expect(error.Locator(".possible-causes")).ToHaveTextAsync(new Regex("\\S"));
        await Assertions.Expect(error.Locator(".recommended-action")).ToHaveTextAsync(new Regex("\\S"));
        foreach (var other in new[] { "jobs", "plans", "infrastructure", "vsphere", "azure" })
        {
            await page.GotoAsync($"{origin}/portal/{Name}/{other}");
            await CheckPageAsync();
        }

        var (_, actions) = await server.GetAsync(Name, "/actions", lab.InstructorToken);
        var failover = actions.EnumerateArray().Last();
        Assert.Equal($$$"""{"failover":{"vm":"app-01","point":"{{{newest}}}"}}""", failover.GetProperty("command").GetRawText());
        Assert.Equal("trainee", failover.GetProperty("role").GetString());

        // Blazor's script and its circuit came from the host; every page said so to the browser.
        Assert.Contains(requests, r => r.EndsWith("/_framework/blazor.web.js", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Matches($"^(http|ws){Regex.Escape(origin[4..])}/", r));
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Equal(Failback.Lab.Portal.PortalEndpoints.ContentSecurityPolicy, d.Policy));
    }
}
