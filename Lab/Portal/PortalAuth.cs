using Failback.Lab.Sessions;

namespace Failback.Lab.Portal;

/// <summary>
/// The portal's sign-in: the lab's trainee (or instructor) token, given once in the login form, kept in an HttpOnly,
/// SameSite=Strict cookie scoped to the lab's pages and checked by the registry on every request as the API does. An
/// instructor of a class signs in once with the class token instead (<c>/portal/_class</c>), which opens every lab's pages.
/// </summary>
internal static class PortalAuth
{
    public const string Cookie = "lab-token";

    /// <summary>The class token's cookie (the host's control token), scoped to the whole portal: it opens every lab as its instructor.</summary>
    public const string ClassCookie = "class-token";

    /// <summary>The role the lab's own cookie gives, else the instructor's when the class cookie holds the class token.</summary>
    public static LabRole? RoleOf(HttpContext context, LabRegistry registry, string lab) =>
        context.Request.Cookies.TryGetValue(Cookie, out var token) && registry.Authenticate(lab, token) is { } role ? role
        : InClass(context, registry) ? registry.Authenticate(lab, context.Request.Cookies[ClassCookie]) : null;

    /// <summary>Whether the class cookie holds the class token of this host.</summary>
    public static bool InClass(HttpContext context, LabRegistry registry) =>
        context.Request.Cookies.TryGetValue(ClassCookie, out var token) && Http.ClassView.Opens(registry, token);

    public static void SignInClass(HttpContext context, string token) => context.Response.Cookies.Append(ClassCookie, token, ClassOptions(context));

    public static void SignOutClass(HttpContext context) => context.Response.Cookies.Delete(ClassCookie, ClassOptions(context));

    private static CookieOptions ClassOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/portal",
    };

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
