using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace StreamAgg.Web.PlayerSdk;

/// <summary>
/// The player snippet, <c>GET /sdk/streamagg.js</c> (issue #15, item 3), and the demo's player
/// page when <see cref="WebServerOptions.DemoPlayer"/> is set.
/// </summary>
internal static class PlayerSdkEndpoints
{
    /// <summary>Where the snippet is served.</summary>
    public const string ScriptPath = "/sdk/streamagg.js";

    // Players embed the unversioned URL: an hour of caching, then a revalidation that costs a 304
    // while the snippet is unchanged, so a new snippet reaches every page within the hour.
    private const string CacheControl = "public, max-age=3600";

    public static WebApplication MapPlayerSdk(this WebApplication app)
    {
        app.MapPlayerScript();
        if (app.Services.GetRequiredService<WebServerOptions>().DemoPlayer is { } demo)
        {
            app.MapDemoPlayer(demo);
        }

        return app;
    }

    /// <summary>
    /// Maps the snippet alone. It needs no write key: a script tag cannot send one, and the
    /// snippet holds no secret (the page gives it the site's key).
    /// </summary>
    public static IEndpointRouteBuilder MapPlayerScript(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(ScriptPath, [HttpMethods.Get, HttpMethods.Head], static (HttpContext context) => WriteScript(context, PlayerScript.Instance));
        return endpoints;
    }

    private static Task WriteScript(HttpContext context, PlayerScript script)
    {
        var request = context.Request.GetTypedHeaders();
        var response = context.Response;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = script.ETag.ToString();
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.XContentTypeOptions = "nosniff";
        // Pages of any origin load it, also with <script crossorigin> (to see its errors).
        response.Headers.AccessControlAllowOrigin = "*";
        if (request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(script.ETag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = "text/javascript; charset=utf-8";
        var gzip = request.AcceptEncoding.Any(coding => coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && coding.Quality is not 0);
        var body = gzip ? script.Gzipped : script.Plain;
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }
}
