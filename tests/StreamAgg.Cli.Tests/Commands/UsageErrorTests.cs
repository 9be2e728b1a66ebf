using System.CommandLine;
using StreamAgg.Cli.Commands;
using Xunit;

namespace StreamAgg.Cli.Tests.Commands;

/// <summary>
/// Issue 16: options out of range and wrong paths are a clear usage error (exit 2 through
/// <see cref="UsageException"/>), never a stack trace; the crash lines of the issue aggregate.
/// </summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("top-videos", "-1")]
    [InlineData("top-videos", "0")]
    [InlineData("power-users", "100001")]
    public async Task Report_LimitOutOfRange_UsageErrorBeforeConnecting(string report, string limit)
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync(ReportCommand.Create(), "report", report, "--limit", limit, "--postgres", "Host=unused"));

        Assert.Contains("--limit must be from 1 to 100000", e.Message);
    }

    [Fact]
    public async Task Process_NegativeStateCache_UsageErrorBeforeConnecting()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync(ProcessCommand.Create(), "process", "--bootstrap", "unused:9092", "--state-dir", "unused", "--state-cache-mb", "-1"));

        Assert.Equal("--state-cache-mb must be 0 or more", e.Message);
    }

    [Fact]
    public async Task Aggregate_EventsIsADirectory_SaysSo()
    {
        string directory = Directory.CreateTempSubdirectory("streamagg-usage").FullName;
        try
        {
            var e = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync(AggregateCommand.Create(), "aggregate", "--events", directory));

            Assert.Equal($"--events: {directory} is a directory, not a file", e.Message);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Theory]
    [InlineData("--session-timeout", "1e300")]
    [InlineData("--session-timeout", "0")]
    [InlineData("--allowed-lateness", "-1")]
    [InlineData("--allowed-lateness", "1e20")]
    [InlineData("--tolerance", "NaN")]
    [InlineData("--replay-start", "Infinity")]
    [InlineData("--completion-threshold", "1.5")]
    public async Task Aggregate_RuleOutOfRange_UsageError(string option, string value)
    {
        string events = Path.GetTempFileName();
        try
        {
            var e = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync(AggregateCommand.Create(), "aggregate", "--events", events, option, value));

            Assert.StartsWith(option + " must be", e.Message);
        }
        finally
        {
            File.Delete(events);
        }
    }

    [Fact]
    public async Task Aggregate_CrashLinesOfIssue16_ExitZeroWithBadPositionDeadLetters()
    {
        string events = Path.GetTempFileName();
        string deadLetters = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(events,
            [
                """{"userId":"u","videoId":"v","eventName":"video_play","timestamp":"2026-11-20T10:00:00Z","currentTime":2147483640}""",
                """{"userId":"u","videoId":"v","eventName":"video_heartbeat","timestamp":"2026-11-20T10:00:10Z","currentTime":2147483650}""",
                """{"userId":"u","videoId":"v","eventName":"video_play","timestamp":"0001-01-01T00:00:00Z","currentTime":0}""",
            ]);

            int exitCode = await InvokeAsync(AggregateCommand.Create(), "aggregate", "--events", events, "--dead-letters", deadLetters);

            Assert.Equal(0, exitCode);
            string[] lines = await File.ReadAllLinesAsync(deadLetters);
            Assert.Equal(["bad_position", "bad_position", "bad_timestamp"], lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()));
        }
        finally
        {
            File.Delete(events);
            File.Delete(deadLetters);
        }
    }

    private static Task<int> InvokeAsync(Command command, params string[] arguments)
    {
        var root = new RootCommand { command };
        return root.Parse(arguments).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, EnableDefaultExceptionHandler = false });
    }
}
