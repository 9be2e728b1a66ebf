using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StreamAgg.Web.Dashboard.Access;

namespace StreamAgg.Web.Dashboard.Pages;

/// <summary>
/// The pages: <c>/</c> (overview), <c>/video?id=…</c>, and the scripts under <c>/dashboard/</c>.
/// Without the session cookie a page redirects to <c>/login</c>; a script answers 401. Only the
/// style sheet is public (the login page uses it; it holds no data).
/// </summary>
internal static class DashboardPages
{
    private const string PublicAsset = "dashboard.css";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Page(context, "overview.html"));
        app.MapGet("/video", (HttpContext context) => Page(context, "video.html"));
        app.MapGet("/dashboard/{file}", (HttpContext context, string file, DashboardAssets assets, ReadTokenCheck check) =>
        {
            if (file != PublicAsset && ReadAccessOfRequest.Check(context, check) != ReadAccess.Granted)
                return Results.StatusCode(401);
            // Pages are not assets: they go through their routes (and the login redirect).
            return assets.Find(file) is { } asset && !file.EndsWith(".html", StringComparison.Ordinal)
                ? Send(context, asset)
                : Results.NotFound();
        });
        LoginPage.Map(app);
    }

    private static IResult Page(HttpContext context, string file)
    {
        if (ReadAccessOfRequest.Check(context, context.RequestServices.GetRequiredService<ReadTokenCheck>()) != ReadAccess.Granted)
        {
            var next = context.Request.Path + context.Request.QueryString;
            return Results.Redirect("/login?next=" + Uri.EscapeDataString(next));
        }
        return Send(context, context.RequestServices.GetRequiredService<DashboardAssets>().Get(file));
    }

    internal static IResult Send(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        SecurityHeaders(context);
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
            return Results.StatusCode(304);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>No script but our own, no framing by other sites, no referrer leaking ids.</summary>
    internal static void SecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }
}
