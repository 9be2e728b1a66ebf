using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StreamAgg.Cli.Commands;
using StreamAgg.Cli.Hosting;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Logging;
using Xunit;

namespace StreamAgg.Cli.Tests.Hosting;

/// <summary>--health-bind and --health-port as the commands read them: the server binds there, and the start-up log says exactly where.</summary>
public sealed class CommandTelemetryTests
{
    [Fact]
    public async Task StartAsync_DefaultBind_ListensOnLoopbackAndLogsIt()
    {
        var port = FreePort();
        var (lines, status) = await ServeAsync(["--health-port", $"{port}"], $"http://127.0.0.1:{port}/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Text == $"health: listening on 127.0.0.1:{port} (/healthz, /readyz, /metrics)");
        Assert.DoesNotContain(lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task StartAsync_AnyAddressWithoutToken_ListensEverywhereLogsItAndWarnsAboutMetrics()
    {
        var port = FreePort();
        var (lines, status) = await ServeAsync(["--health-port", $"{port}", "--health-bind", "0.0.0.0"], $"http://127.0.0.1:{port}/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(lines, l => l.Text == $"health: listening on 0.0.0.0:{port} (/healthz, /readyz, /metrics)");
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Text == OperationsLog.OpenMetricsWarning);
    }

    [Fact]
    public async Task StartAsync_AnyAddressWithToken_NoWarningAndMetricsNeedTheToken()
    {
        var port = FreePort();
        var (lines, status) = await ServeAsync(["--health-port", $"{port}", "--health-bind", "0.0.0.0"], $"http://127.0.0.1:{port}/metrics", token: "t0ken");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(lines, l => l.Text == $"health: listening on 0.0.0.0:{port} (/healthz, /readyz, /metrics (bearer token))");
        Assert.DoesNotContain(lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public void ReadHealthEndpoint_NotAnAddress_SaysWhatIsAccepted()
    {
        var (operations, parse) = Parse("--health-bind", "localhost");

        var error = Assert.Throws<UsageException>(() => operations.ReadHealthEndpoint(parse, _ => null));
        Assert.Contains("--health-bind: 'localhost' is not an IP address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHealthEndpoint_Defaults_LoopbackCommandPortNoToken()
    {
        var (operations, parse) = Parse();

        Assert.Equal(new HealthEndpoint(9464, IPAddress.Loopback, null), operations.ReadHealthEndpoint(parse, _ => null));
        Assert.Equal("s", operations.ReadHealthEndpoint(parse, name => name == "STREAMAGG_METRICS_TOKEN" ? "s" : null).MetricsToken);
    }

    private static async Task<(List<(LogLevel Level, string Text)> Lines, HttpStatusCode Status)> ServeAsync(string[] args, string probe, string? token = null)
    {
        var (operations, parse) = Parse(args);
        var endpoint = operations.ReadHealthEndpoint(parse, name => name == OperationsOptions.MetricsTokenVariable ? token : null);
        using var host = ServiceHost.Build(LogLevel.Warning, LogFormat.Text, new TelemetryOptions { ServiceName = "streamagg-test" }, _ => { });
        await using var telemetry = await CommandTelemetry.StartAsync(host, endpoint, () => true, CancellationToken.None);
        var logger = new RecordingLogger();
        logger.LogOperations(telemetry);
        using var http = new HttpClient();
        using var response = await http.GetAsync(probe);
        return (logger.Lines, response.StatusCode);
    }

    private static (OperationsOptions Operations, ParseResult Parse) Parse(params string[] args)
    {
        var operations = new OperationsOptions(defaultHealthPort: 9464);
        var command = new RootCommand();
        operations.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return (operations, parse);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
