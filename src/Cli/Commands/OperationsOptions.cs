using System.CommandLine;
using System.Net;
using StreamAgg.Cli.Hosting;
using StreamAgg.Observability.Logging;

namespace StreamAgg.Cli.Commands;

/// <summary>The options of the long-running commands for the people who run them: the health endpoint and the log format.</summary>
internal sealed class OperationsOptions(int defaultHealthPort)
{
    /// <summary>The variable holding the bearer token /metrics then requires (a variable, not an option: options show in ps).</summary>
    public const string MetricsTokenVariable = "STREAMAGG_METRICS_TOKEN";

    public Option<int> HealthPort { get; } = new("--health-port")
    {
        Description = $"Port of /healthz, /readyz and /metrics (Prometheus text); 0 turns them off.",
        DefaultValueFactory = _ => defaultHealthPort,
    };

    public Option<string> HealthBind { get; } = new("--health-bind")
    {
        Description = "Address the health port listens on: 127.0.0.1 (default: this machine only), 0.0.0.0 or :: (every interface, e.g. for Kubernetes probes), or one interface's address.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Console logs as readable lines (text) or one JSON object per line (json).",
        DefaultValueFactory = _ => "text",
    };

    public void AddTo(Command command)
    {
        LogFormat.AcceptOnlyFromAmong("text", "json");
        command.Options.Add(HealthPort);
        command.Options.Add(HealthBind);
        command.Options.Add(LogFormat);
    }

    public int ReadHealthPort(ParseResult parse) =>
        parse.GetValue(HealthPort) is var port and >= 0 and <= 65535 ? port : throw new UsageException($"--health-port: {parse.GetValue(HealthPort)} is not a port (0–65535)");

    public IPAddress ReadHealthBind(ParseResult parse) =>
        IPAddress.TryParse(parse.GetValue(HealthBind), out var address)
            ? address
            : throw new UsageException($"--health-bind: '{parse.GetValue(HealthBind)}' is not an IP address (127.0.0.1, 0.0.0.0, :: or an interface's address)");

    /// <summary>Port, address, and the metrics token from <see cref="MetricsTokenVariable"/>.</summary>
    public HealthEndpoint ReadHealthEndpoint(ParseResult parse, Func<string, string?>? variable = null) =>
        new(ReadHealthPort(parse), ReadHealthBind(parse), (variable ?? Environment.GetEnvironmentVariable)(MetricsTokenVariable) is { Length: > 0 } token ? token : null);

    public LogFormat ReadLogFormat(ParseResult parse) => ConsoleLogs.Parse(parse.GetValue(LogFormat)!);
}
