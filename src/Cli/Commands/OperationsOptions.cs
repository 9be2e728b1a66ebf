using System.CommandLine;
using StreamAgg.Observability.Logging;

namespace StreamAgg.Cli.Commands;

/// <summary>The options of the long-running commands for the people who run them: the health port and the log format.</summary>
internal sealed class OperationsOptions(int defaultHealthPort)
{
    public Option<int> HealthPort { get; } = new("--health-port")
    {
        Description = $"Port of /healthz, /readyz and /metrics (Prometheus text); 0 turns them off.",
        DefaultValueFactory = _ => defaultHealthPort,
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
        command.Options.Add(LogFormat);
    }

    public int ReadHealthPort(ParseResult parse) =>
        parse.GetValue(HealthPort) is var port and >= 0 and <= 65535 ? port : throw new UsageException($"--health-port: {parse.GetValue(HealthPort)} is not a port (0–65535)");

    public LogFormat ReadLogFormat(ParseResult parse) => ConsoleLogs.Parse(parse.GetValue(LogFormat)!);
}
