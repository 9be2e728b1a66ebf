using System.CommandLine;
using Xunit;
using StreamAgg.Bench;

namespace StreamAgg.Bench.Tests;

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

    [Fact]
    public async Task Heatmap_TinyVideo_LoadsEveryDayAndTimesEveryQuery()
    {
        var output = await RunAsync("heatmap", "--days", "3", "--seconds", "20", "--viewers", "30", "--query-runs", "1", "--range-runs", "4", "--baselines", "--baseline-runs", "1", "--sink-cells", "0");

        Assert.Contains("folded 1 (video, month)s into heatmap_monthly", output);
        Assert.Contains("loaded 3 days x 20 s: ", output);
        // 30 viewers a day: every sketch is EXPLICIT, so the fast path is exact and equals the sketch query.
        Assert.Contains("error against exact counts over ", output);
        Assert.Contains(": max 0.00 %, mean 0.00 %", output);
        Assert.Contains("fast path equal to the sketch query (viewers and plays, every second): 3 of 3 ranges", output);
        Assert.Matches(@"any-range p95 [0-9.]+ ms, window p95 [0-9.]+ ms, max error 0\.00 %\s*$", output);
        Assert.Contains("100,000 delta cells in 2 batches of 50,000", output);
        Assert.Contains("| (a) raw beacon rows, COUNT(DISTINCT user) | 1 |", output);
        Assert.Contains("| last-3-days window (HeatmapQueries.AnswerAsync, precomputed) | 1 |", output);
    }

    [Fact]
    public async Task Throughput_ZeroEvents_IsRejectedBeforeAnythingStarts()
    {
        var root = new RootCommand { BenchCommand.Create() };

        var parse = root.Parse(["bench", "throughput", "--events", "0"]);

        Assert.Contains("--events must be positive, got 0.", parse.Errors.Select(e => e.Message));
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
