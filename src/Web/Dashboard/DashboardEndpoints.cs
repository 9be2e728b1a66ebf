using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StreamAgg.Web.Dashboard;

/// <summary>The dashboard pages and the JSON API behind them (issue #15, item 4).</summary>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, WebServerOptions options) => services;

    public static WebApplication MapDashboard(this WebApplication app) => app;
}
