using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamAgg.Observability.Logging;
using Xunit;

namespace StreamAgg.Observability.Tests.Logging;

/// <summary>--log-format json writes one JSON object per line, scopes included; text writes scopes and lists readably.</summary>
public sealed class ConsoleLogsTests
{
    [Fact]
    public void AddStreamAggConsole_Json_EachLineParsesWithItsScope()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            using (var loggers = LoggerFactory.Create(b => b.AddStreamAggConsole(LogFormat.Json)))
            {
                var logger = loggers.CreateLogger("StreamAgg.Test");
                using (logger.BeginScope("instance {Instance}", "instance-7"))
                {
                    logger.LogInformation("Assigned {Partitions}", "player-events/3");
                    logger.LogWarning("Restored {Count} records in {Seconds:F2} s", 42, 1.5);
                }
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("StreamAgg.Test", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 2, string.Join("\n", lines));
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal("StreamAgg.Test", json.RootElement.GetProperty("Category").GetString());
            Assert.Contains(json.RootElement.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("Instance", out var i) && i.GetString() == "instance-7");
        }

        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("player-events/3", first.RootElement.GetProperty("State").GetProperty("Partitions").GetString());
    }

    [Fact]
    public void AddStreamAggConsole_Text_ScopesAndListsReadable()
    {
        var lines = Capture(LogFormat.Text, logger =>
        {
            // The stream thread's scope: named values, not a message template.
            using (logger.BeginScope(new KeyValuePair<string, object>[] { new("instance", "p1") }))
            using (logger.BeginScope("task {Task}", "0_4"))
            {
                logger.LogInformation("Assigned partitions {Partitions}", new List<int> { 1, 4, 7 });
            }

            using (logger.BeginScope(new Dictionary<string, object?> { ["sink"] = "heatmap-sink", ["partitions"] = new[] { 1, 4, 7 } }))
            {
                logger.LogWarning("Lost {Count}", 3);
            }
        });

        Assert.True(lines.Count == 2, string.Join("\n", lines));
        Assert.Matches(@"^\d\d:\d\d:\d\d info: StreamAgg\.Test\[0\] => instance=p1 => task 0_4 Assigned partitions 1, 4, 7$", lines[0]);
        Assert.Matches(@"^\d\d:\d\d:\d\d warn: StreamAgg\.Test\[0\] => sink=heatmap-sink partitions=1,4,7 Lost 3$", lines[1]);
        Assert.All(lines, line => Assert.DoesNotContain("KeyValuePair", line, StringComparison.Ordinal));
    }

    private static List<string> Capture(LogFormat format, Action<ILogger> log)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            using var loggers = LoggerFactory.Create(b => b.AddStreamAggConsole(format));
            log(loggers.CreateLogger("StreamAgg.Test"));
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("StreamAgg.Test", StringComparison.Ordinal)).ToList();
    }

    [Theory]
    [InlineData("json", LogFormat.Json)]
    [InlineData("TEXT", LogFormat.Text)]
    public void Parse_KnownName_ReturnsTheFormat(string value, LogFormat expected) => Assert.Equal(expected, ConsoleLogs.Parse(value));

    [Fact]
    public void Parse_UnknownName_SaysWhatIsAccepted() =>
        Assert.Contains("text or json", Assert.Throws<ArgumentException>(() => ConsoleLogs.Parse("xml")).Message, StringComparison.Ordinal);
}
