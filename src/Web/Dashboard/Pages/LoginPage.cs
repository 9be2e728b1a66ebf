using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StreamAgg.Web.Dashboard.Access;

namespace StreamAgg.Web.Dashboard.Pages;

/// <summary>
/// <c>/login</c>: a form that takes the read token once (POST, never in a URL) and sets the session
/// cookie (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure
/// over HTTPS). <c>POST /logout</c> deletes it.
/// </summary>
internal static class LoginPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context) => Form(context, Next(context.Request.Query["next"]), null, 200));
        app.MapPost("/login", async (HttpContext context, ReadTokenCheck check) =>
        {
            if (!context.Request.HasFormContentType)
                return Form(context, "/", "Send the form.", 400);
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var next = Next(form["next"]);
            if (!check.IsToken(form["token"].ToString().Trim()))
                return Form(context, next, "That is not the read token.", 401);
            context.Response.Cookies.Append(ReadTokenCheck.CookieName, check.SessionValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = TimeSpan.FromDays(7),
            });
            return Results.Redirect(next);
        });
        app.MapPost("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(ReadTokenCheck.CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect("/login");
        });
    }

    /// <summary>Where to go after login: a path of this site only, never another site (<c>//evil</c>, <c>/\evil</c>).</summary>
    internal static string Next(string? next) =>
        next is { Length: > 0 } && next[0] == '/' && (next.Length == 1 || (next[1] != '/' && next[1] != '\\')) ? next : "/";

    private static IResult Form(HttpContext context, string next, string? error, int status)
    {
        DashboardPages.SecurityHeaders(context);
        context.Response.Headers.CacheControl = "no-store";
        var message = error is null ? "" : $"""<p class="login-error" role="alert">{WebUtility.HtmlEncode(error)}</p>""";
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · StreamAgg</title>
            <link rel="stylesheet" href="/dashboard/dashboard.css">
            </head>
            <body class="login">
            <form class="login-card" method="post" action="/login">
              <h1><span class="brand-mark"></span>StreamAgg</h1>
              <p>Enter the dashboard's read token.</p>
              {message}
              <label for="token">Read token</label>
              <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
              <input type="hidden" name="next" value="{WebUtility.HtmlEncode(next)}">
              <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
