using System.Net;
using System.Text;

namespace Failback.Lab.Portal;

/// <summary>The portal's page frame and HTML encoding: every text from the lab is encoded; no script, no asset from outside.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string E(System.Text.Json.JsonElement value) => E(value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined => "",
        System.Text.Json.JsonValueKind.String => value.GetString(),
        _ => value.ToString(),
    });

    /// <summary>A whole page: the lab's name, its virtual clock, the vault's navigation and <paramref name="body"/>.</summary>
    public static IResult Page(string lab, string title, string? clock, string body, int status = 200)
    {
        var page = new StringBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(title)} - {E(lab)}</title>
            <style>
            body{'{'}font-family:"Segoe UI",sans-serif;margin:0;color:#323130{'}'}
            header{'{'}background:#0078d4;color:#fff;padding:.5em 1em;display:flex;gap:2em;align-items:center{'}'}
            header a{'{'}color:#fff{'}'} main{'{'}padding:1em{'}'}
            table{'{'}border-collapse:collapse{'}'} th,td{'{'}border-bottom:1px solid #edebe9;padding:.3em .8em;text-align:left{'}'}
            .alert{'{'}border:1px solid #a4262c;background:#fde7e9;padding:.5em 1em{'}'}
            .ok{'{'}border:1px solid #107c10;background:#dff6dd;padding:.5em 1em{'}'}
            form.op{'{'}border:1px solid #c8c6c4;padding:.5em 1em;margin:.5em 0{'}'} label{'{'}margin-right:1em{'}'}
            </style></head><body>
            <header><strong>Recovery Services vault - lab {E(lab)}</strong>
            """);
        if (clock is not null)
            page.Append($"""
                <nav aria-label="Vault"><a href="/portal/{E(lab)}">Overview</a> | <a href="/portal/{E(lab)}/items">Replicated items</a> | <a href="/portal/{E(lab)}/jobs">Site Recovery jobs</a></nav>
                <span id="clock">Virtual time {E(clock)}</span>
                <form method="post" action="/portal/{E(lab)}/logout"><button type="submit">Sign out</button></form>
                """);
        page.Append($"</header><main><h1>{E(title)}</h1>{body}</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
