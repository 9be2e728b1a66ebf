using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using StreamAgg.Observability.Endpoints;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Tests.Support;
using Xunit;

namespace StreamAgg.Observability.Tests.Endpoints;

/// <summary>
/// /healthz answers while the process lives, /readyz only once ready, /metrics with the
/// OpenTelemetry Prometheus exporter's text; the server binds where it is told and says so.
/// </summary>
public sealed class OperationsServerTests
{
    // Linux routes all of 127.0.0.0/8 to the loopback interface, so a second loopback address
    // tells "bound to one address" from "bound to every address" without leaving the machine.
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Get_BeforeAndAfterReady_ReadyzFollowsTheCheck()
    {
        var ready = false;
        await using var server = await OperationsServer.StartAsync(new OperationsServerOptions { Port = 0, Ready = () => ready });
        using var http = new HttpClient { BaseAddress = server.LocalAddress };

        await AssertAnswerAsync(http, "/healthz", HttpStatusCode.OK, "ok\n");
        await AssertAnswerAsync(http, "/readyz", HttpStatusCode.ServiceUnavailable, "not ready\n");
        ready = true;
        await AssertAnswerAsync(http, "/readyz", HttpStatusCode.OK, "ready\n");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task GetMetrics_EveryKindOfInstrument_ServedAsTextExpositionWithTheirValues()
    {
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        await using var telemetry = await TelemetryHost.StartAsync(new TelemetryOptions { ServiceName = "streamagg-test", Meters = [meterName] });
        await using var server = await telemetry.ServeAsync();
        var counter = meter.CreateCounter<long>("streamagg.test.dead_lettered", "{event}", "Dead letters,\nby reason \\ cause.");
        counter.Add(2, new KeyValuePair<string, object?>("reason", "bad \"quote\" \\ and\nline"));
        counter.Add(1, new KeyValuePair<string, object?>("error.type", "late"));
        var histogram = meter.CreateHistogram(
            "streamagg.test.duration", "s", "Durations.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.5, 0.7, 5, 50 })
        {
            histogram.Record(value, new TagList { { "sink", "engagement-sink" } });
        }

        var open = meter.CreateUpDownCounter<long>("streamagg.test.sessions.open", "{session}");
        open.Add(3);
        open.Add(-1);
        meter.CreateObservableGauge("streamagg.test.state.bytes", () => new Measurement<long>(4096, new KeyValuePair<string, object?>("partition", 3)), "By");

        var raw = await Scrape.GetAsync(server);
        var text = Scrape.Unscoped(raw);

        Assert.Contains("# TYPE streamagg_test_dead_lettered_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP streamagg_test_dead_lettered_total Dead letters,\\nby reason \\\\ cause.\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_dead_lettered_total{reason=\"bad \\\"quote\\\" \\\\ and\\nline\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_dead_lettered_total{error_type=\"late\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_test_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"0.1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"10\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"+Inf\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_sum{sink=\"engagement-sink\"} 56.25\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_count{sink=\"engagement-sink\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_test_sessions_open gauge\nstreamagg_test_sessions_open 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_test_state_bytes gauge\nstreamagg_test_state_bytes{partition=\"3\"} 4096\n", text, StringComparison.Ordinal);
        // Every series names the meter it came from.
        Assert.Contains($"streamagg_test_sessions_open{{otel_scope_name=\"{meterName}\"}} 2\n", raw, StringComparison.Ordinal);
        // The runtime and process instrumentation are served beside ours, and the resource as target_info.
        Assert.Contains("# TYPE dotnet_gc_collections_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_time_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("service_name=\"streamagg-test\"", text, StringComparison.Ordinal);

        // Collected at each scrape: the next one sees what happened since.
        counter.Add(5, new KeyValuePair<string, object?>("error.type", "late"));
        Assert.Contains("streamagg_test_dead_lettered_total{error_type=\"late\"} 6\n", Scrape.Unscoped(await Scrape.GetAsync(server)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LoopbackBind_AnswersOnLoopbackOnlyAndSaysSo()
    {
        await using var server = await OperationsServer.StartAsync(new OperationsServerOptions { Bind = IPAddress.Loopback, Port = 0, Ready = () => true });
        var port = server.Address.Port;

        Assert.Equal($"http://127.0.0.1:{port}/", server.Address.ToString());
        Assert.Contains($"listening on 127.0.0.1:{port} ", server.Describe(), StringComparison.Ordinal);
        Assert.False(server.BeyondLoopback);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://{OtherLoopback}:{port}/healthz"));
    }

    [Fact]
    public async Task StartAsync_AnyAddressBind_AnswersOnEveryInterfaceAndSaysSo()
    {
        await using var server = await OperationsServer.StartAsync(new OperationsServerOptions { Bind = IPAddress.Any, Port = 0, Ready = () => true });
        var port = server.Address.Port;

        Assert.Equal($"http://0.0.0.0:{port}/", server.Address.ToString());
        Assert.Contains($"listening on 0.0.0.0:{port} ", server.Describe(), StringComparison.Ordinal);
        Assert.True(server.BeyondLoopback);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{OtherLoopback}:{port}/readyz")).StatusCode);
    }

    [Fact]
    public async Task StartAsync_OneAddressBind_AnswersThereButNotOnOtherAddresses()
    {
        var address = OtherLoopback;
        await using var server = await OperationsServer.StartAsync(new OperationsServerOptions { Bind = address, Port = 0, Ready = () => true });
        var port = server.Address.Port;

        Assert.Contains($"listening on {address}:{port} ", server.Describe(), StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://{address}:{port}/healthz")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{port}/healthz"));
    }

    [Fact]
    public async Task GetMetrics_TokenSet_OnlyTheBearerOfTheTokenGetsMetricsWhileProbesStayOpen()
    {
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        await using var telemetry = await TelemetryHost.StartAsync(new TelemetryOptions { ServiceName = "streamagg-test", Meters = [meterName] });
        await using var server = await telemetry.ServeAsync(metricsToken: "s3cret");
        meter.CreateCounter<long>("streamagg.test.commits", "{commit}").Add(7);
        using var http = new HttpClient { BaseAddress = server.LocalAddress };

        var anonymous = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("streamagg_test", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cre") } })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }

        Assert.Contains("streamagg_test_commits_total 7\n", Scrape.Unscoped(await Scrape.GetAsync(server, "s3cret")), StringComparison.Ordinal);
        Assert.Contains("(bearer token)", server.Describe(), StringComparison.Ordinal);
        await AssertAnswerAsync(http, "/healthz", HttpStatusCode.OK, "ok\n");
        await AssertAnswerAsync(http, "/readyz", HttpStatusCode.OK, "ready\n");
    }

    private static async Task AssertAnswerAsync(HttpClient http, string path, HttpStatusCode status, string body)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
