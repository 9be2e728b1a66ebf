using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// Which pages may post events (CORS). A request without an <c>Origin</c> header (curl, a server)
/// is not a page's and passes; one from the server's own origin passes; any other origin must be
/// configured. The check also covers the requests CORS itself would let through: a
/// <c>navigator.sendBeacon</c> with a <c>text/plain</c> body is a "simple" request the browser
/// sends without a preflight, so an origin that is not allowed is refused here (403), not merely
/// kept from reading the answer.
/// </summary>
internal sealed class IngestOrigins
{
    /// <summary>How long a browser may cache a preflight's answer.</summary>
    private const string PreflightMaxAgeSeconds = "600";

    private readonly HashSet<string> _allowed;

    public IngestOrigins(IEnumerable<string> allowedOrigins)
    {
        _allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in allowedOrigins)
        {
            _allowed.Add(Normalize(origin));
        }
    }

    /// <summary>
    /// Checks the request's origin; when it is allowed and present, adds the CORS headers that let
    /// the page read the answer (errors included, so a player can see a 429 or a 503).
    /// </summary>
    public bool Admit(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        if (origin.Count > 1 || !IsAllowed(origin[0]!, context.Request))
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin[0];
        headers.AccessControlExposeHeaders = HeaderNames.RetryAfter;
        headers.Vary = HeaderNames.Origin;
        return true;
    }

    /// <summary>Answers a preflight (<c>OPTIONS</c>): 204 with the CORS headers, or 403.</summary>
    public IResult Preflight(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin;
        if (origin.Count != 1 || !IsAllowed(origin[0]!, request)
            || !HttpMethods.IsPost(request.Headers.AccessControlRequestMethod.ToString()))
        {
            return IngestResults.Error(StatusCodes.Status403Forbidden, "origin_not_allowed", "this origin may not post events here (serve --allowed-origin)");
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin[0];
        headers.AccessControlAllowMethods = HttpMethods.Post;
        headers.AccessControlAllowHeaders = $"{HeaderNames.ContentType}, {IngestEndpoints.WriteKeyHeader}";
        headers.AccessControlMaxAge = PreflightMaxAgeSeconds;
        headers.Vary = HeaderNames.Origin;
        return Results.NoContent();
    }

    private bool IsAllowed(string origin, HttpRequest request) =>
        _allowed.Contains(origin) || IsSameOrigin(origin, request);

    // The browser sets both Origin and Host: equal, they say the page came from this server.
    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        var scheme = request.Scheme;
        var host = request.Host.Value;
        return host is not null
            && origin.Length == scheme.Length + 3 + host.Length
            && origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && origin.AsSpan(scheme.Length).StartsWith("://", StringComparison.Ordinal)
            && origin.AsSpan(scheme.Length + 3).Equals(host, StringComparison.OrdinalIgnoreCase);
    }

    // Origins are scheme://host[:port], never with a path: a trailing slash in the configuration is forgiven.
    private static string Normalize(string origin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        var trimmed = origin.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Not an origin (scheme://host[:port]): {origin}", nameof(origin));
        }

        return trimmed;
    }
}
