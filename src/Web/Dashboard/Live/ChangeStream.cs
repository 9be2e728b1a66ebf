using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamAgg.Web.Dashboard.Api;

namespace StreamAgg.Web.Dashboard.Live;

/// <summary>
/// <c>GET /api/events</c>, server-sent events: <c>stored</c> when the sinks stored new rows or
/// deltas, or a window was refreshed (from <see cref="StoreChangeFeed"/>); <c>ingest</c> when a new
/// events-per-second reading exists; a comment every 15 s keeps proxies from closing a quiet stream.
/// </summary>
internal static class ChangeStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HttpContext context)
    {
        var feed = context.RequestServices.GetRequiredService<StoreChangeFeed>();
        var kafka = context.RequestServices.GetRequiredService<KafkaActivity>();
        // The stream ends when the client goes, or when the server stops: a stream left open would
        // hold the server's shutdown for its whole grace period.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = linked.Token;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync("retry: 3000\n\n", ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);

        var changes = feed.Listen(ct);
        DateTimeOffset? ingestSent = null;
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KafkaActivity.Every);
                try
                {
                    if (await changes.WaitToReadAsync(wait.Token).ConfigureAwait(false) && changes.TryRead(out var change))
                    {
                        await SendAsync(context, "stored", change, ct).ConfigureAwait(false);
                        quietSince = DateTimeOffset.UtcNow;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                var ingest = kafka.IngestRate.Read();
                if (ingest.MeasuredAt is { } at && at != ingestSent)
                {
                    ingestSent = at;
                    await SendAsync(context, "ingest", ingest, ct).ConfigureAwait(false);
                    quietSince = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - quietSince > KeepAlive)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    quietSince = DateTimeOffset.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
    }

    private static async Task SendAsync<T>(HttpContext context, string name, T data, CancellationToken ct)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, ApiJson.Options)}\n\n", ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
