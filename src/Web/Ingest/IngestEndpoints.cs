using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// Browser ingest: <c>POST /v1/events</c> and its CORS preflight (docs/ingest.md). Everything it
/// needs is one instance per server: the write keys, the allowed origins, the rate limiters and
/// the Kafka producer all requests share.
/// </summary>
internal static class IngestEndpoints
{
    /// <summary>The path players post to.</summary>
    public const string Path = "/v1/events";

    /// <summary>The header that carries the site's write key.</summary>
    public const string WriteKeyHeader = "X-StreamAgg-Key";

    /// <summary>The query parameter that carries it when headers cannot be set (<c>navigator.sendBeacon</c>).</summary>
    public const string WriteKeyQuery = "key";

    public static IServiceCollection AddIngest(this IServiceCollection services, WebServerOptions options)
    {
        options.Ingest.EnsureValid();
        services.AddSingleton(new WriteKeys(options.WriteKeys));
        services.AddSingleton(new IngestOrigins(options.AllowedOrigins));
        // Built by the container, so that it is disposed with it (its buckets run a timer).
        services.AddSingleton(_ => new IngestRateLimiter(options.Ingest));
        services.AddSingleton(options.Kafka);
        services.AddSingleton(options.Ingest);
        services.AddSingleton<IngestProducer>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IngestHandler>();
        return services;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        // Built now, not on the first request: a producer that cannot be configured stops serve at once.
        var handler = app.Services.GetRequiredService<IngestHandler>();
        var origins = app.Services.GetRequiredService<IngestOrigins>();
        var metrics = app.Services.GetRequiredService<IngestMetrics>();
        var trusted = app.Services.GetRequiredService<IngestOptions>().TrustedProxies;
        if (trusted.Count > 0)
        {
            app.UseForwardedHeaders(ForwardedFrom(trusted));
        }

        app.MapPost(Path, async context =>
        {
            IResult result;
            try
            {
                result = await handler.PostAsync(context);
            }
            catch
            {
                // The server answers a request that threw itself (500), unless its client left (499, as nginx logs it).
                metrics.Answered(context.RequestAborted.IsCancellationRequested ? 499 : StatusCodes.Status500InternalServerError);
                throw;
            }

            // Counted before the answer is written: a client that has its answer finds it counted.
            metrics.Answered((result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
            await result.ExecuteAsync(context);
        });
        app.MapMethods(Path, [HttpMethods.Options], context => origins.Preflight(context).ExecuteAsync(context));
        return app;
    }

    // Only X-Forwarded-For, only from the proxies named (the framework's defaults trust loopback,
    // which would let anyone on this machine pick their address), walked right to left through
    // every trusted hop: the first address that is not a trusted proxy is the client.
    private static ForwardedHeadersOptions ForwardedFrom(IReadOnlyList<System.Net.IPAddress> proxies)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = null };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        return options;
    }
}
