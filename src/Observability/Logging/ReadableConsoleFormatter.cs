using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace StreamAgg.Observability.Logging;

/// <summary>
/// <c>--log-format text</c>: one line per event, <c>HH:mm:ss level: Category[id] => scope => message</c>
/// as the simple console formatter writes it, but with scopes of named values written as
/// <c>instance=p1</c> (the simple formatter prints the type name of the list that holds them),
/// timestamps in UTC, and the exception, if any, on the lines below.
/// </summary>
internal sealed class ReadableConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "streamagg-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var line = new StringBuilder(128);
        line.Append(DateTime.UtcNow.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture))
            .Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id).Append(']');
        scopeProvider?.ForEachScope(
            static (scope, text) =>
            {
                text.Append(" => ");
                ScopeText.Append(text, scope);
            },
            line);
        line.Append(' ').Append(message?.ReplaceLineEndings(" "));
        if (logEntry.Exception is not null)
        {
            line.Append(Environment.NewLine).Append(logEntry.Exception);
        }

        textWriter.WriteLine(line.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
