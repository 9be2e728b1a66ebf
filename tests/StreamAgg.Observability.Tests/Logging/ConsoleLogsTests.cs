using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamAgg.Observability.Logging;
using Xunit;

namespace StreamAgg.Observability.Tests.Logging;

/// <summary>--log-format json writes one JSON object per line, scopes included.</summary>
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
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal("StreamAgg.Test", json.RootElement.GetProperty("Category").GetString());
            Assert.Contains(json.RootElement.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("Instance", out var i) && i.GetString() == "instance-7");
        }

        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("player-events/3", first.RootElement.GetProperty("State").GetProperty("Partitions").GetString());
    }

    [Theory]
    [InlineData("json", LogFormat.Json)]
    [InlineData("TEXT", LogFormat.Text)]
    public void Parse_KnownName_ReturnsTheFormat(string value, LogFormat expected) => Assert.Equal(expected, ConsoleLogs.Parse(value));

    [Fact]
    public void Parse_UnknownName_SaysWhatIsAccepted() =>
        Assert.Contains("text or json", Assert.Throws<ArgumentException>(() => ConsoleLogs.Parse("xml")).Message, StringComparison.Ordinal);
}
