using Microsoft.Extensions.Logging;

namespace StreamAgg.Cli.Tests.Hosting;

/// <summary>Keeps every formatted line logged to it, with its level.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, string Text)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add((logLevel, formatter(state, exception)));
}
