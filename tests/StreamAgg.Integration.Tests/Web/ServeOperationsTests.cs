using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using StreamAgg.Dev.Kafka;
using StreamAgg.Integration.Tests.Crash;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Kafka.Topics;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Web;

/// <summary>
/// <c>streamagg serve</c> as a real process on the embedded Kafka and the throwaway PostgreSQL:
/// its health port answers /healthz and /readyz (ready once Kafka and PostgreSQL answer), and
/// /metrics requires STREAMAGG_METRICS_TOKEN and serves the ingest meter and ASP.NET Core's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeOperationsTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string WriteKey = "operations-test-write-key-0123";
    private const string MetricsToken = "operations-test-metrics-token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_WithMetricsToken_ReadyOnceDependenciesAnswerAndMetricsNeedTheToken()
    {
        await using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        int port = FreePort(), healthPort = FreePort();
        using var serve = CliProcess.Start(
            "serve",
            ["serve", "--bootstrap", cluster.BootstrapServers, "--postgres", postgres.ConnectionString, "--port", Text(port), "--health-port", Text(healthPort)],
            new Dictionary<string, string>
            {
                ["STREAMAGG_READ_TOKEN"] = "operations-test-read-token-0123",
                ["STREAMAGG_WRITE_KEYS"] = $"ops={WriteKey}",
                ["STREAMAGG_METRICS_TOKEN"] = MetricsToken,
            });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var health = $"http://127.0.0.1:{Text(healthPort)}";
        try
        {
            await UntilAsync(serve, async () => await StatusAsync(http, $"{health}/readyz") == HttpStatusCode.OK, "/readyz answering 200");
            Assert.True(serve.LogContains($"health: listening on 127.0.0.1:{Text(healthPort)} (/healthz, /readyz, /metrics (bearer token))"), serve.Tail(20));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, $"{health}/healthz"));

            using var post = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{Text(port)}/v1/events")
            {
                Content = new StringContent(
                    """[{"eventId":"e1","userId":"u1","videoId":"v1","eventName":"video_play","timestamp":"2026-12-06T06:00:00Z","currentTime":0},{"userId":"u1","eventName":"video_play"}]""",
                    Encoding.UTF8,
                    "application/json"),
            };
            post.Headers.Add("X-StreamAgg-Key", WriteKey);
            using (var answer = await http.SendAsync(post))
            {
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, $"{health}/metrics"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, $"{health}/metrics", "not-the-token"));
            using var scrape = new HttpRequestMessage(HttpMethod.Get, $"{health}/metrics");
            scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsToken);
            using var scraped = await http.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            var lines = (await scraped.Content.ReadAsStringAsync()).Split('\n');
            Assert.Contains(lines, l => l.StartsWith("streamagg_ingest_requests_total{", StringComparison.Ordinal) && l.Contains("http_response_status_code=\"202\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("streamagg_ingest_events_accepted_total{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("streamagg_ingest_events_rejected_total{", StringComparison.Ordinal) && l.Contains("reason=\"missing_field\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("streamagg_ingest_produce_duration_seconds_count{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
            // ASP.NET Core's own instrumentation of the ingest port.
            Assert.Contains(lines, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("http_route=\"/v1/events\"", StringComparison.Ordinal));

            serve.Terminate();
            Assert.True(await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)), serve.Tail(20));
            Assert.Equal(0, serve.ExitCode);
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }

            output.WriteLine(serve.Tail(30));
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string url, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return 0;
        }
    }

    private static async Task UntilAsync(CliProcess serve, Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.False(serve.HasExited, $"serve exited before {what}:\n{serve.Tail(30)}");
            Assert.True(clock.Elapsed < Patience, $"no {what} within {Patience.TotalSeconds} s:\n{serve.Tail(30)}");
            await Task.Delay(100);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
