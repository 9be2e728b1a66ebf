using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Web.Dashboard.Access;
using StreamAgg.Web.Dashboard.Live;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>The JSON API under <c>/api</c> (docs/api.md). Every route requires the read token.</summary>
internal static class ApiEndpoints
{
    /// <summary>The range the overview shows when the request names none.</summary>
    public static readonly HeatmapWindow OverviewDefault = new(7);

    /// <summary>The range the video page shows when the request names none.</summary>
    public static readonly HeatmapWindow VideoDefault = new(28);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(RequireReadToken);
        api.MapGet("/overview", (HttpContext context, OverviewQuery query, WebServerOptions options) => Answer(async () =>
        {
            var today = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
            var range = DayRange.Read(context.Request.Query, OverviewDefault, today);
            var limit = DayRange.Integer(context.Request.Query, "limit", 10, 1, 100);
            return await query.LoadAsync(range, limit, context.RequestAborted).ConfigureAwait(false);
        }));
        api.MapGet("/video", (HttpContext context, VideoPageQuery query, WebServerOptions options) => Answer(async () =>
        {
            var videoId = context.Request.Query["id"] is { Count: 1 } ids && ids[0] is { Length: > 0 } id
                ? id
                : throw ApiProblem.BadRequest("id: give the video id once, e.g. /api/video?id=video_001.");
            var today = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
            var range = DayRange.Read(context.Request.Query, VideoDefault, today);
            var dropoffs = DayRange.Integer(context.Request.Query, "dropoffs", 5, 0, 50);
            var span = DayRange.Integer(context.Request.Query, "dropoffSpanSeconds", 1, 1, 3600);
            return await query.LoadAsync(videoId, range, dropoffs, span, context.RequestAborted).ConfigureAwait(false);
        }));
        api.MapGet("/events", (HttpContext context) => ChangeStream.RunAsync(context));
        api.MapFallback((HttpContext context) =>
            Results.Json(new { error = $"No API route {context.Request.Method} {context.Request.Path} (see docs/api.md)." }, ApiJson.Options, statusCode: 404));
    }

    private static async ValueTask<object?> RequireReadToken(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var access = ReadAccessOfRequest.Check(context, context.RequestServices.GetRequiredService<ReadTokenCheck>());
        if (access == ReadAccess.Granted)
            return await next(invocation).ConfigureAwait(false);
        context.Response.Headers.WWWAuthenticate = access == ReadAccess.Missing
            ? "Bearer realm=\"streamagg\""
            : "Bearer realm=\"streamagg\", error=\"invalid_token\"";
        return Results.Json(
            new { error = access == ReadAccess.Missing ? "The read token is required: Authorization: Bearer TOKEN." : "The read token is wrong." },
            ApiJson.Options,
            statusCode: 401);
    }

    private static async Task<IResult> Answer<T>(Func<Task<T>> load)
    {
        try
        {
            return Results.Json(await load().ConfigureAwait(false), ApiJson.Options);
        }
        catch (ApiProblem problem)
        {
            return Results.Json(new { error = problem.Message }, ApiJson.Options, statusCode: problem.Status);
        }
        catch (NpgsqlException)
        {
            return Results.Json(new { error = "The database cannot be reached; try again shortly." }, ApiJson.Options, statusCode: 503);
        }
    }
}
