using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Web.Dashboard.Access;
using StreamAgg.Web.Dashboard.Api;
using StreamAgg.Web.Dashboard.Live;
using StreamAgg.Web.Dashboard.Pages;

namespace StreamAgg.Web.Dashboard;

/// <summary>The dashboard pages and the JSON API behind them (issue #15, item 4; docs/dashboard.md, docs/api.md).</summary>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, WebServerOptions options)
    {
        services.AddSingleton(new ReadTokenCheck(options.ReadToken));
        services.AddSingleton(new HeatmapQueries(options.Postgres, options.Time));
        services.AddSingleton(sp => new VideoPageQuery(options.Postgres, sp.GetRequiredService<HeatmapQueries>(), new HeatmapComparisonQueries(options.Postgres), options.Time));
        services.AddSingleton(sp => new OverviewQuery(options.Postgres, sp.GetRequiredService<KafkaActivity>(), options.Time));
        services.AddSingleton(sp => new KafkaActivity(options.Kafka, options.Time, sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KafkaActivity>());
        services.AddSingleton(sp => new StoreChangeFeed(options.Postgres, options.Time, sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StoreChangeFeed>());
        services.AddSingleton<DashboardAssets>();
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        ApiEndpoints.Map(app);
        DashboardPages.Map(app);
        return app;
    }
}
