using System.CommandLine;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// <c>--consumer-session-timeout-ms</c>: the Kafka consumer group's session timeout, spelled so
/// nobody takes it for the viewing sessions' <c>--session-timeout</c> (seconds). The old spelling,
/// <c>--session-timeout-ms</c>, still works, hidden from the help, with a warning on stderr.
/// </summary>
internal sealed class ConsumerSessionTimeoutOption
{
    public const string Name = "--consumer-session-timeout-ms";
    public const string DeprecatedName = "--session-timeout-ms";

    private readonly Option<int> _option;
    private readonly Option<int?> _deprecated;

    public ConsumerSessionTimeoutOption(string description)
    {
        _option = new Option<int>(Name) { Description = description, DefaultValueFactory = _ => 10_000 };
        _deprecated = new Option<int?>(DeprecatedName) { Description = $"Deprecated: use {Name}.", Hidden = true };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_option);
        command.Options.Add(_deprecated);
    }

    /// <summary>The timeout given (at least 1 ms); warns on <paramref name="warnings"/> when the old spelling was used.</summary>
    public TimeSpan Read(ParseResult parse, TextWriter warnings)
    {
        var milliseconds = parse.GetValue(_option);
        if (parse.GetValue(_deprecated) is { } old)
        {
            warnings.WriteLine(
                $"warning: {DeprecatedName} is deprecated, use {Name} (the consumer group's session timeout; " +
                "--session-timeout is the viewing sessions' timeout, in seconds).");
            if (parse.GetResult(_option) is null or { Implicit: true })
            {
                milliseconds = old;
            }
        }

        return TimeSpan.FromMilliseconds(Math.Max(1, milliseconds));
    }
}
