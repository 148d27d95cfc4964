using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// The portal's sign-in: the lab's trainee (or instructor) token, given once in the login form, kept in an HttpOnly,
/// SameSite=Strict cookie scoped to the lab's pages and checked by the registry on every request as the API does.
/// </summary>
internal static class PortalAuth
{
    public const string Cookie = "lab-token";

    public static LabRole? RoleOf(HttpContext context, LabRegistry registry, string lab) =>
        context.Request.Cookies.TryGetValue(Cookie, out var token) ? registry.Authenticate(lab, token) : null;

    public static void SignIn(HttpContext context, string lab, string token) =>
        context.Response.Cookies.Append(Cookie, token, Options(context, lab));

    public static void SignOut(HttpContext context, string lab) => context.Response.Cookies.Delete(Cookie, Options(context, lab));

    private static CookieOptions Options(HttpContext context, string lab) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = $"/portal/{lab}",
    };
}
