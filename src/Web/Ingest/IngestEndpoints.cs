using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StreamAgg.Web.Ingest;

/// <summary>Browser ingest: <c>POST /v1/events</c> (issue #15, item 2).</summary>
internal static class IngestEndpoints
{
    public static IServiceCollection AddIngest(this IServiceCollection services, WebServerOptions options) => services;

    public static WebApplication MapIngest(this WebApplication app) => app;
}
