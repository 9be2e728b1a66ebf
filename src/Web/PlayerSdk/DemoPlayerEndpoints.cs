using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace StreamAgg.Web.PlayerSdk;

/// <summary>
/// <c>GET /demo/player?key=…</c>, the demo's page with a video and the snippet, and
/// <c>GET /demo/video.webm?key=…</c>, its video (with byte ranges, which seeking needs). Both ask
/// for the demo site's write key: the page hands that key to every viewer anyway.
/// </summary>
internal static class DemoPlayerEndpoints
{
    public const string PagePath = "/demo/player";
    public const string VideoPath = "/demo/video.webm";
    public const string KeyParameter = "key";

    public static IEndpointRouteBuilder MapDemoPlayer(this IEndpointRouteBuilder endpoints, DemoPlayerOptions demo)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<WebServerOptions>();
        if (!options.WriteKeys.TryGetValue(demo.Site, out var writeKey))
        {
            throw new InvalidOperationException($"The demo player's site '{demo.Site}' has no write key.");
        }

        if (!File.Exists(demo.VideoFile))
        {
            throw new FileNotFoundException("The demo player's video does not exist.", demo.VideoFile);
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(writeKey));
        endpoints.MapGet(PagePath, (HttpContext context) => HasKey(context, expected)
            ? Results.Content(DemoPlayerPage.Render(demo, writeKey), "text/html; charset=utf-8")
            : KeyMissing());
        endpoints.MapGet(VideoPath, (HttpContext context) => HasKey(context, expected)
            ? Results.File(demo.VideoFile, "video/webm", enableRangeProcessing: true)
            : KeyMissing());
        return endpoints;
    }

    // Hashes first, then a fixed-time comparison: neither the key nor its length leaks through timing.
    private static bool HasKey(HttpContext context, byte[] expected) =>
        context.Request.Query[KeyParameter].ToString() is { Length: > 0 } given
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected);

    private static IResult KeyMissing() =>
        Results.Text($"The demo player needs the demo's write key: {PagePath}?{KeyParameter}=… (streamagg demo prints the address).\n", statusCode: StatusCodes.Status401Unauthorized);
}
