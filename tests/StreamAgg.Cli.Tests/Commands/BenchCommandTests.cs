using System.CommandLine;
using Xunit;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Cli.Tests.Commands;

/// <summary>
/// Each <c>bench</c> sub-command runs to completion on a tiny input, on the embedded Kafka and a
/// throwaway PostgreSQL, so the benchmarks cannot rot. Their figures are not checked (speed belongs
/// in docs/benchmarks.md); what they count is.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Throughput_TinyInput_ProcessesEveryEventInBothRuns()
    {
        var output = await RunAsync("throughput", "--events", "3000", "--viewers", "300", "--videos-count", "10");

        Assert.Contains("PROCESSOR events/s (wall)", output);
        Assert.Contains("END TO END events/s (wall)", output);
        Assert.Equal(2, CountOf(output, "events in player-events            3,000"));
    }

    [Fact]
    public async Task Latency_ShortRun_ReflectsEveryEventInKafkaAndPostgres()
    {
        var output = await RunAsync("latency", "--rate", "500", "--seconds", "2", "--warmup", "0", "--viewers", "500");

        Assert.Contains("events produced                    1,000 (0 failed)", output);
        Assert.Contains("events never reflected             0 in Kafka, 0 in PostgreSQL", output);
        Assert.Contains("KAFKA (engagement, read_committed) p50 ", output);
    }

    [Fact]
    public async Task Restore_SmallChangelog_RestoresEveryKey()
    {
        var output = await RunAsync("restore", "--keys", "3000", "--runs", "1");

        Assert.Contains("records restored                   3,000 into 3,000 keys", output);
        Assert.Contains("RESTORE records/s (wall)", output);
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var root = new RootCommand { BenchCommand.Create() };
        using var output = new StringWriter();
        var exitCode = await root.Parse(["bench", .. arguments]).InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            EnableDefaultExceptionHandler = false,
        });
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        return output.ToString();
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
