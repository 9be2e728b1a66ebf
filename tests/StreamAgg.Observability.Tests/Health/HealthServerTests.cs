using System.Diagnostics.Metrics;
using System.Net;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Health;
using StreamAgg.Observability.Prometheus;
using Xunit;

namespace StreamAgg.Observability.Tests.Health;

/// <summary>/healthz answers while the process lives, /readyz only once ready, /metrics with Prometheus text.</summary>
public sealed class HealthServerTests
{
    [Fact]
    public async Task Get_BeforeAndAfterReady_ReadyzFollowsTheCheck()
    {
        var ready = false;
        await using var server = await HealthServer.StartAsync(new HealthServerOptions { Port = 0, Ready = () => ready });
        using var http = new HttpClient { BaseAddress = server.Address };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        ready = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task GetMetrics_WithAScrape_ServesTextExposition()
    {
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var pipeline = TelemetryPipeline.Start(new TelemetryOptions { ServiceName = "streamagg-test", Meters = [meterName] }, _ => null);
        meter.CreateCounter<long>("streamagg.test.commits", "{commit}").Add(7);
        await using var server = await HealthServer.StartAsync(new HealthServerOptions { Port = 0, Ready = () => true, Metrics = pipeline.Scrape });
        using var http = new HttpClient { BaseAddress = server.Address };

        var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusScrape.ContentType, response.Content.Headers.ContentType!.ToString());
        Assert.Contains("streamagg_test_commits_total 7\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
