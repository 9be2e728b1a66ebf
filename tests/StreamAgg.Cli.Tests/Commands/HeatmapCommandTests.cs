using System.CommandLine;
using Npgsql;
using StreamAgg.Cli.Commands;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Cli.Tests.Commands;

/// <summary>
/// <c>heatmap --csv</c> against the sink's tables in a real PostgreSQL: the rows it writes are the
/// batch heatmap file (SEMANTICS §8) of the same credits, computed here by the core's accumulator.
/// </summary>
public sealed class HeatmapCommandTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public async Task Csv_RangeOfSeveralDays_WritesEveryDaysRowsAsTheBatchFileHasThem()
    {
        var (connectionString, accumulator) = await StoreAsync();
        var file = Path.Combine(Path.GetTempPath(), $"heatmap-{Guid.NewGuid():N}.csv");
        try
        {
            var (output, _) = await RunAsync(connectionString, "--video", "v1", "--from", "2026-11-15", "--to", "2026-11-23", "--csv", file);

            Assert.Equal(BatchCsv(accumulator.Rows().Where(r => r.VideoId == "v1")), await File.ReadAllTextAsync(file));
            Assert.Contains($"wrote {file} (", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Csv_ToStandardOutput_PrintsOnlyTheRowsOfTheRangeThere()
    {
        var (connectionString, accumulator) = await StoreAsync();

        var (output, error) = await RunAsync(connectionString, "--video", "v1", "--from", "2026-11-21", "--to", "2026-11-21", "--csv", "-");

        Assert.Equal(BatchCsv(accumulator.Rows().Where(r => r.VideoId == "v1" && r.Day == Day.AddDays(1))), output);
        Assert.Contains("Heatmap of v1, 2026-11-21 to 2026-11-21", error);
    }

    [Fact]
    public async Task Csv_VideoWithoutRows_WritesTheHeaderOnly()
    {
        var (connectionString, _) = await StoreAsync();

        var (output, _) = await RunAsync(connectionString, "--video", "nobody-watched", "--window", "last-7-days", "--csv", "-");

        Assert.Equal(HeatmapCsv.Header + "\n", output);
    }

    /// <summary>
    /// Credits of two videos over three days with a gap (some viewers come back the next day),
    /// stored through the sink's writer; returns the accumulator that holds their totals.
    /// </summary>
    private async Task<(string ConnectionString, HeatmapAccumulator Accumulator)> StoreAsync()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("heatmap_cli");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await EngagementSchema.ApplyAsync(dataSource);
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Both);
        for (var u = 0; u < 60; u++)
        {
            accumulator.Credit("v1", Day, $"user-{u}", 0, 4 + u % 9);
            if (u % 3 == 0)
                accumulator.Credit("v1", Day.AddDays(1), $"user-{u}", 2, 6.5);
            if (u % 4 == 0)
                accumulator.Credit("v1", Day.AddDays(3), $"user-{u + 100}", u % 5, 12);
            accumulator.Credit("v2", Day, $"user-{u}", 0, 3);
        }
        var batch = new HeatmapBatch();
        foreach (var delta in accumulator.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(dataSource).WriteAsync(batch);
        return (connectionString, accumulator);
    }

    private static async Task<(string Output, string Error)> RunAsync(string connectionString, params string[] arguments)
    {
        var root = new RootCommand { HeatmapCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(["heatmap", "--postgres", connectionString, .. arguments]).InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        });
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{error}");
        return (output.ToString(), error.ToString());
    }

    private static string BatchCsv(IEnumerable<HeatmapRow> rows)
    {
        using var text = new StringWriter();
        HeatmapCsv.Write(text, rows);
        return text.ToString();
    }
}
