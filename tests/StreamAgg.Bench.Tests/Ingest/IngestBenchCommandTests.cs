using System.CommandLine;
using Xunit;

namespace StreamAgg.Bench.Tests.Ingest;

/// <summary><c>bench ingest</c> runs to completion on a short load, so it cannot rot; its figures are not checked.</summary>
public sealed class IngestBenchCommandTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ingest_ShortLoad_EveryRequestAcceptedAndInKafka(bool httpClient)
    {
        var root = new RootCommand { BenchCommand.Create() };
        using var output = new StringWriter();

        var exitCode = await root.Parse(["bench", "ingest", "--seconds", "1", "--warmup", "0", "--connections", "2", .. (httpClient ? new[] { "--http-client" } : [])]).InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            EnableDefaultExceptionHandler = false,
        });

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        var text = output.ToString();
        Assert.Contains("requests not answered 202          0", text);
        Assert.Contains("request latency p50 / p99 / max", text);
        // The bench itself fails when the topic holds fewer records than were acknowledged.
        Assert.Contains("records in player-events", text);
    }
}
