using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace StreamAgg.Observability.Logging;

/// <summary>Sets up console logging in the chosen <see cref="LogFormat"/>, scopes included (readably in text), timestamps in UTC.</summary>
public static class ConsoleLogs
{
    /// <summary>Adds the console logger to <paramref name="logging"/>.</summary>
    public static ILoggingBuilder AddStreamAggConsole(this ILoggingBuilder logging, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            return logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        logging.AddConsole(o => o.FormatterName = ReadableConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<ReadableConsoleFormatter, ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return logging;
    }

    /// <summary>Parses <c>text</c> or <c>json</c>.</summary>
    public static LogFormat Parse(string value) => value.ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new ArgumentException($"--log-format: '{value}' is not text or json"),
    };
}
