namespace StreamAgg.Cli.Commands;

/// <summary>The command line asked for something impossible; the message says what, and the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
