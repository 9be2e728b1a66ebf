using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace StreamAgg.Observability.Endpoints;

/// <summary>The bearer token <c>/metrics</c> may require, compared in constant time.</summary>
internal sealed class MetricsToken(string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    /// <summary>Lets the request through, or answers 401 with a Bearer challenge.</summary>
    public async Task CheckAsync(HttpContext context, Func<Task> next)
    {
        var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (CryptographicOperations.FixedTimeEquals(given, _expected))
        {
            await next().ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await context.Response.WriteAsync("/metrics needs Authorization: Bearer <STREAMAGG_METRICS_TOKEN>\n").ConfigureAwait(false);
    }
}
