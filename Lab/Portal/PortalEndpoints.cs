using System.Text.Json;
using Failback.Lab.Http;
using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// The portal: server-rendered pages of a lab's vault under <c>/portal/{lab}</c> (README.md, "The portal"). It reads
/// what the lab's API shows (the same views, on the lab's thread) and submits each operation as the drill step the
/// API takes, so every click is journaled as the trainee's action.
/// </summary>
public static class PortalEndpoints
{
    public const string Prefix = "/portal/{lab}";

    public static void MapPortal(this WebApplication app, LabRegistry registry)
    {
        var portal = app.MapGroup(Prefix);
        // No script, no frame, no asset or form target elsewhere: every page of the portal, the login form's too.
        portal.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            return await next(context);
        });
        portal.MapGet("/login", (string lab, string? failed) => PortalPages.Login(lab, failed is not null));
        portal.MapPost("/login", async (HttpContext c, string lab) =>
        {
            var form = await c.Request.ReadFormAsync();
            var token = form["token"].ToString();
            if (registry.Authenticate(lab, token) is null) return Results.Redirect($"/portal/{Uri.EscapeDataString(lab)}/login?failed=1");
            PortalAuth.SignIn(c, lab, token);
            return Results.Redirect($"/portal/{Uri.EscapeDataString(lab)}");
        });
        portal.MapPost("/logout", (HttpContext c, string lab) =>
        {
            PortalAuth.SignOut(c, lab);
            return Results.Redirect($"/portal/{Uri.EscapeDataString(lab)}/login");
        });
        portal.MapGet("", (HttpContext c, string lab) => Handle(c, registry, lab, async s =>
            PortalPages.Overview(lab, s.Now, await ItemsAsync(s), await JobsAsync(s))));
        portal.MapGet("/items", (HttpContext c, string lab, string? sort, bool? desc) => Handle(c, registry, lab, async s =>
            PortalPages.Items(lab, s.Now, await ItemsAsync(s), sort ?? "name", desc ?? false)));
        portal.MapGet("/items/{vm}", (HttpContext c, string lab, string vm) => Handle(c, registry, lab, async s =>
        {
            var item = (await ItemsAsync(s)).FirstOrDefault(i => i.GetProperty("name").GetString() == vm);
            if (item.ValueKind == JsonValueKind.Undefined)
                return PortalPages.Error(lab, s.Now, "ProtectedItemNotFound", $"The vault has no item named '{LabApi.Printable(vm)}'.", 404);
            var points = Json(await s.ReadAsync(w => WorldViews.RecoveryPoints(w, vm)));
            var vsphere = Json(await s.ReadAsync(WorldViews.VSphere));
            var machine = vsphere.GetProperty("vms").EnumerateArray().FirstOrDefault(v => v.GetProperty("name").GetString() == vm);
            return PortalPages.Item(lab, s.Now, item, points, machine, await s.ReadAsync(DialogChoices.Of));
        }));
        portal.MapPost("/items/{vm}/{operation}", (HttpContext c, string lab, string vm, string operation) => Handle(c, registry, lab, async s =>
        {
            var step = OperationForm.Step(operation, vm, await c.Request.ReadFormAsync());
            var result = await s.SubmitAsync(LabCommand.Step(step), PortalAuth.RoleOf(c, registry, lab)!.Value);
            return result.Outcome == LabOutcome.Accepted
                ? Results.Redirect($"/portal/{Uri.EscapeDataString(lab)}/jobs", permanent: false)
                : PortalPages.Result(lab, s.Now, vm, operation, result);
        }));
        portal.MapGet("/jobs", (HttpContext c, string lab) => Handle(c, registry, lab, async s => PortalPages.Jobs(lab, s.Now, await JobsAsync(s))));
        portal.MapGet("/jobs/{id}", (HttpContext c, string lab, string id) => Handle(c, registry, lab, async s =>
        {
            var job = (await JobsAsync(s)).FirstOrDefault(j => j.GetProperty("id").GetString() == id);
            return job.ValueKind == JsonValueKind.Undefined
                ? PortalPages.Error(lab, s.Now, "JobNotFound", $"The vault has no job '{LabApi.Printable(id)}'.", 404)
                : PortalPages.Job(lab, s.Now, job);
        }));
    }

    private static async Task<List<JsonElement>> ItemsAsync(LabSession s) => [.. Json(await s.ReadAsync(WorldViews.Items)).EnumerateArray()];

    private static async Task<List<JsonElement>> JobsAsync(LabSession s) => [.. Json(await s.ReadAsync(WorldViews.Jobs)).EnumerateArray()];

    /// <summary>A view as the API's JSON shows it, so the portal shows the same fields and values.</summary>
    private static JsonElement Json(object? view) => JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web);

    /// <summary>Signed in to this lab (else the login form), opens it and renders; a refusal is a page, never a stack trace.</summary>
    private static async Task<IResult> Handle(HttpContext context, LabRegistry registry, string lab, Func<LabSession, Task<IResult>> page)
    {
        try
        {
            if (PortalAuth.RoleOf(context, registry, lab) is null) return Results.Redirect($"/portal/{Uri.EscapeDataString(lab)}/login");
            return await page(await registry.OpenAsync(lab));
        }
        catch (LabInputException e)
        {
            return PortalPages.Error(lab, null, e.Code, e.Message, e.Status);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return PortalPages.Error(lab, null, "InternalError", $"The lab host failed: {e.Message} ({e.GetType().Name}).", 500);
        }
    }
}
