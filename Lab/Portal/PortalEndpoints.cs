using System.Text.Json;
using Failback.Lab.Http;
using Failback.Lab.Sessions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Failback.Lab.Portal;

/// <summary>
/// The portal: Blazor pages of a lab's vault under <c>/portal/{lab}</c> (README.md, "The portal"), rendered on the
/// server, with live parts as interactive server components. It reads what the lab's API shows (the same views, on the
/// lab's thread) and submits each operation as the drill step the API takes, so every click is journaled as the
/// trainee's action.
/// </summary>
public static class PortalEndpoints
{
    public const string Prefix = "/portal/{lab}";

    /// <summary>Blazor's script and its circuit's websocket come from the host itself; nothing else runs or loads.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>The services the portal's pages need (Blazor's components and its interactive server circuits).</summary>
    public static void AddPortal(this IServiceCollection services) => services.AddRazorComponents().AddInteractiveServerComponents();

    public static void MapPortal(this WebApplication app, LabRegistry registry)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<PortalFrame>().AddInteractiveServerRenderMode();
        // The class's pages (the class token): literal segments, so no lab's pages answer them.
        var classPages = app.MapGroup("/portal/" + ClassPage.ClassPath);
        var portal = app.MapGroup(Prefix);
        // No script but Blazor's, no frame, no asset or form target elsewhere: every page of the portal, the login form's too.
        foreach (var group in new[] { classPages, portal })
            group.AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return await next(context);
            });
        MapClass(classPages, registry);
        portal.MapGet("/login", (string lab, string? failed) => Page<LoginPage>(new { Lab = lab, Failed = failed is not null }));
        portal.MapPost("/login", async (HttpContext c, string lab) =>
        {
            var form = await c.Request.ReadFormAsync();
            var token = form["token"].ToString();
            if (registry.Authenticate(lab, token) is null) return Results.Redirect($"{PortalText.Url(lab)}/login?failed=1");
            PortalAuth.SignIn(c, lab, token);
            return Results.Redirect(PortalText.Url(lab));
        });
        portal.MapPost("/logout", (HttpContext c, string lab) =>
        {
            PortalAuth.SignOut(c, lab);
            return Results.Redirect(PortalText.Url(lab, "login"));
        });
        portal.MapGet("", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Page<OverviewPage>(new { Lab = lab, Items = await PortalReads.ItemsAsync(s), Infrastructure = await PortalReads.InfrastructureAsync(s) })));
        portal.MapGet("/items", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
        {
            var protectedNames = (await PortalReads.ItemsAsync(s)).Where(i => !PortalText.S(i, "protectionState").StartsWith("Unprotected", StringComparison.Ordinal)).Select(i => PortalText.S(i, "name")).ToHashSet();
            var machines = (await PortalReads.VSphereAsync(s)).GetProperty("vms").EnumerateArray().Select(v => PortalText.S(v, "name")).Where(n => !protectedNames.Contains(n));
            return Page<ItemsPage>(new { Lab = lab, Unprotected = machines.ToList(), Choices = await s.ReadAsync(DialogChoices.Of) });
        }));
        portal.MapGet("/items/{vm}", (HttpContext c, string lab, string vm) => Handle(c, registry, lab, async s =>
        {
            var item = (await PortalReads.ItemsAsync(s)).FirstOrDefault(i => i.GetProperty("name").GetString() == vm);
            if (item.ValueKind == JsonValueKind.Undefined)
                return Error(lab, "ProtectedItemNotFound", $"The vault has no item named '{LabApi.Printable(vm)}'.", 404);
            var points = PortalReads.Json(await s.ReadAsync(w => WorldViews.RecoveryPoints(w, vm)));
            var machine = (await PortalReads.VSphereAsync(s)).GetProperty("vms").EnumerateArray().FirstOrDefault(v => v.GetProperty("name").GetString() == vm);
            return Page<ItemPage>(new { Lab = lab, Item = item, Points = points, Machine = machine, Choices = await s.ReadAsync(DialogChoices.Of) });
        }));
        portal.MapPost("/items/{vm}/{operation}", (HttpContext c, string lab, string vm, string operation) => Handle(c, registry, lab, async s =>
        {
            var step = OperationForm.ItemStep(operation, vm, await c.Request.ReadFormAsync());
            var result = await s.SubmitAsync(LabCommand.Step(step), PortalAuth.RoleOf(c, registry, lab)!.Value);
            return Submitted(lab, result, $"{operation} of {vm}", PortalText.Url(lab, "items", vm), vm);
        }));
        portal.MapGet("/vsphere", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Page<VSpherePage>(new { Lab = lab, Inventory = await PortalReads.VSphereAsync(s) })));
        // Enable replication (from Replicated items) and the vSphere Client's actions: the machine is a field of the form.
        foreach (var page in new[] { "vsphere", "items" })
            portal.MapPost($"/{page}/{{operation}}", (HttpContext c, string lab, string operation) => Handle(c, registry, lab, async s =>
        {
            var step = OperationForm.FormStep(operation, await c.Request.ReadFormAsync());
            var result = await s.SubmitAsync(LabCommand.Step(step), PortalAuth.RoleOf(c, registry, lab)!.Value);
            return result.Outcome switch
            {
                LabOutcome.Refused => Refused(lab, result, $"{operation} failed", PortalText.Url(lab, page), page == "items" ? "Replicated items" : "the vSphere Client"),
                LabOutcome.Accepted when page == "items" => Results.Redirect(PortalText.Url(lab, "jobs"), permanent: false),
                _ => Results.Redirect(PortalText.Url(lab, page), permanent: false),
            };
        }));
        portal.MapGet("/plans", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Page<PlansPage>(new { Lab = lab, Plans = await PortalReads.PlansAsync(s), Machines = (await PortalReads.ItemsAsync(s)).Select(i => PortalText.S(i, "name")).ToList() })));
        portal.MapPost("/plans/create", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
        {
            var step = OperationForm.CreatePlan(await c.Request.ReadFormAsync());
            var result = await s.SubmitAsync(LabCommand.Step(step), PortalAuth.RoleOf(c, registry, lab)!.Value);
            return result.Outcome == LabOutcome.Refused
                ? Refused(lab, result, "Create recovery plan failed", PortalText.Url(lab, "plans"), "Recovery plans")
                : Results.Redirect(PortalText.Url(lab, "plans", step["create-plan"]!["name"]!.GetValue<string>()), permanent: false);
        }));
        portal.MapGet("/plans/{plan}", (HttpContext c, string lab, string plan) => Handle(c, registry, lab, async s =>
        {
            var found = (await PortalReads.PlansAsync(s)).FirstOrDefault(p => PortalText.S(p, "name") == plan);
            return found.ValueKind == JsonValueKind.Undefined
                ? Error(lab, "RecoveryPlanNotFound", $"The vault has no recovery plan named '{LabApi.Printable(plan)}'.", 404)
                : Page<PlanPage>(new { Lab = lab, Plan = found, Items = await PortalReads.ItemsAsync(s), Choices = await s.ReadAsync(DialogChoices.Of) });
        }));
        portal.MapPost("/plans/{plan}/{operation}", (HttpContext c, string lab, string plan, string operation) => Handle(c, registry, lab, async s =>
        {
            var step = OperationForm.PlanStep(operation, plan, await c.Request.ReadFormAsync());
            var result = await s.SubmitAsync(LabCommand.Step(step), PortalAuth.RoleOf(c, registry, lab)!.Value);
            return Submitted(lab, result, $"{operation} of plan {plan}", PortalText.Url(lab, "plans", plan), plan);
        }));
        portal.MapGet("/infrastructure", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Page<InfrastructurePage>(new { Lab = lab, View = await PortalReads.InfrastructureAsync(s) })));
        portal.MapGet("/azure", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Page<AzurePage>(new { Lab = lab, Resources = PortalReads.Json(await s.ReadAsync(WorldViews.Azure)) })));
        portal.MapGet("/instructor", (HttpContext c, string lab, string? done) => Handle(c, registry, lab, async s =>
            Page<InstructorPage>(new { Lab = lab, Session = s, Objectives = await s.ObjectivesAsync(), Actions = await s.ActionsAsync(), Notice = done }), LabRole.Instructor));
        portal.MapPost("/instructor/time", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
        {
            var form = await c.Request.ReadFormAsync();
            var body = InstructorForm.Time(form);
            await LabApi.TimeAsync(s, body.ToJsonString());
            return Results.Redirect($"{PortalText.Url(lab, "instructor")}?done={Uri.EscapeDataString(InstructorForm.Said(body))}");
        }, LabRole.Instructor));
        portal.MapPost("/instructor/fault", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
        {
            var result = await s.SubmitAsync(LabCommand.Fault(InstructorForm.Fault(await c.Request.ReadFormAsync())), LabRole.Instructor);
            return result.Outcome == LabOutcome.Refused
                ? Page<ErrorPage>(new { Lab = lab, Title = "The fault was refused", SignedIn = true, Code = result.Code ?? "", Message = result.Message ?? result.Detail ?? "", Back = PortalText.Url(lab, "instructor"), BackName = "the console" }, 409)
                : Results.Redirect($"{PortalText.Url(lab, "instructor")}?done={Uri.EscapeDataString($"Fault armed: {result.Detail}")}");
        }, LabRole.Instructor));
        portal.MapGet("/instructor/report", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Results.Text((await LabReport.OfAsync(s)).Summary(), "text/plain; charset=utf-8"), LabRole.Instructor));
        portal.MapGet("/instructor/export", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            Results.Text(await LabExport.ExportAsync(s), "application/yaml; charset=utf-8"), LabRole.Instructor));
        portal.MapGet("/jobs", (HttpContext c, string lab) => Handle(c, registry, lab, _ => Task.FromResult(Page<JobsPage>(new { Lab = lab }))));
        portal.MapGet("/jobs/{id}", (HttpContext c, string lab, string id) => Handle(c, registry, lab, async s =>
        {
            var job = (await PortalReads.JobsAsync(s)).FirstOrDefault(j => j.GetProperty("id").GetString() == id);
            return job.ValueKind == JsonValueKind.Undefined
                ? Error(lab, "JobNotFound", $"The vault has no job '{LabApi.Printable(id)}'.", 404)
                : Page<JobPage>(new { Lab = lab, Job = job });
        }));
        // An address under the portal that no page has: an HTML page, not the API's JSON 404.
        portal.MapFallback((HttpContext c, string lab) => Error(lab, "PageNotFound",
            $"The portal has no page {LabApi.Printable(c.Request.Path)}; start from the lab's overview, {PortalText.Url(lab)}.", 404, signedIn: false));
    }

    /// <summary>The class: sign in with the class token (the host's control token), the labs with their scores, sign out.</summary>
    private static void MapClass(RouteGroupBuilder classPages, LabRegistry registry)
    {
        const string Class = ClassPage.ClassPath;
        classPages.MapGet("/login", (string? failed) => Page<LoginPage>(new { Lab = Class, Class = true, Failed = failed is not null }));
        classPages.MapPost("/login", async (HttpContext c) =>
        {
            var token = (await c.Request.ReadFormAsync())["token"].ToString();
            if (!ClassView.Opens(registry, token)) return Results.Redirect($"{PortalText.Url(Class, "login")}?failed=1");
            PortalAuth.SignInClass(c, token);
            return Results.Redirect(PortalText.Url(Class));
        });
        classPages.MapPost("/logout", (HttpContext c) =>
        {
            PortalAuth.SignOutClass(c);
            return Results.Redirect(PortalText.Url(Class, "login"));
        });
        classPages.MapGet("", async (HttpContext c) =>
        {
            if (!PortalAuth.InClass(c, registry)) return Results.Redirect(PortalText.Url(Class, "login"));
            try
            {
                return Page<ClassPage>(new { Labs = await ClassView.OfAsync(registry) });
            }
            catch (LabInputException e)
            {
                return Error(Class, e.Code, e.Message, e.Status, signedIn: false);
            }
        });
    }

    private static IResult Page<T>(object parameters, int status = 200) where T : IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>An operation submitted from an item's or a plan's page: the jobs when it started one, ASR's error when refused, else what it did.</summary>
    private static IResult Submitted(string lab, LabResult result, string title, string back, string backName) => result.Outcome switch
    {
        LabOutcome.Accepted => Results.Redirect(PortalText.Url(lab, "jobs"), permanent: false),
        LabOutcome.Refused => Refused(lab, result, $"{title} failed", back, backName),
        _ => Page<DonePage>(new { Lab = lab, Title = title, Detail = result.Detail ?? "", Back = back, BackName = backName }),
    };

    /// <summary>A refused step's page: its error, and the way back to the page it came from.</summary>
    private static IResult Refused(string lab, LabResult result, string title, string back, string backName) =>
        Page<ErrorPage>(new { Lab = lab, Title = title, SignedIn = true, Code = result.Code ?? "", Message = result.Message ?? result.Detail ?? "", Back = back, BackName = backName }, 409);

    private static IResult Error(string lab, string code, string message, int status, bool signedIn = true) =>
        Page<ErrorPage>(new { Lab = lab, SignedIn = signedIn, Code = code, Message = message }, status);

    /// <summary>Signed in to this lab (else the login form) with the role the page needs, opens it and renders; a refusal is a page, never a stack trace.</summary>
    private static async Task<IResult> Handle(HttpContext context, LabRegistry registry, string lab, Func<LabSession, Task<IResult>> page, LabRole needs = LabRole.Trainee)
    {
        try
        {
            if (PortalAuth.RoleOf(context, registry, lab) is not { } role) return Results.Redirect(PortalText.Url(lab, "login"));
            if (needs == LabRole.Instructor && role != LabRole.Instructor)
                return Error(lab, "AuthorizationFailed", "Only the lab's instructor opens the console (faults, time, the action log): sign in with the instructor token.", 403);
            return await page(await registry.OpenAsync(lab));
        }
        catch (LabInputException e)
        {
            return Error(lab, e.Code, e.Message, e.Status, signedIn: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error(lab, "InternalError", $"The lab host failed: {e.Message} ({e.GetType().Name}).", 500, signedIn: false);
        }
    }
}
