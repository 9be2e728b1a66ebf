using System.CommandLine;
using System.Text.Json;
using Npgsql;
using StreamAgg.Cli.Commands;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Cli.Tests.Commands;

/// <summary>
/// <c>heatmap</c>'s key moments and relative retention, as text, JSON and chart markers, against
/// the sink's tables in a real PostgreSQL: a 2-minute video whose 400 viewers lose a quarter at
/// 0:12 and half of the rest at 1:00; no other video to compare it with.
/// </summary>
public sealed class HeatmapInsightsCommandTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public async Task Json_VideoWithKnownMoments_PrintsThemAndWhyThereIsNoTypicalCurve()
    {
        var connectionString = await StoreAsync();

        var (output, _) = await RunAsync(connectionString, "--video", "v", "--from", "2026-11-20", "--to", "2026-11-20", "--json");

        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("v", root.GetProperty("videoId").GetString());
        Assert.Equal("2026-11-20", root.GetProperty("from").GetString());
        Assert.Equal("rollups", root.GetProperty("source").GetString());
        Assert.Equal(120, root.GetProperty("seconds").GetArrayLength());
        var moments = root.GetProperty("moments");
        Assert.Equal(400, moments.GetProperty("startViewers").GetInt64());
        var intro = moments.GetProperty("introDrop");
        Assert.Equal((12, 100L), (intro.GetProperty("second").GetInt32(), intro.GetProperty("size").GetInt64()));
        var dip = Assert.Single(moments.GetProperty("moments").EnumerateArray());
        Assert.Equal(("dip", 60, 150L), (dip.GetProperty("kind").GetString(), dip.GetProperty("second").GetInt32(), dip.GetProperty("size").GetInt64()));
        var retention = root.GetProperty("retention");
        Assert.Equal(("notEnoughVideos", 0, 120), (retention.GetProperty("verdict").GetString(), retention.GetProperty("similarVideos").GetInt32(), retention.GetProperty("lengthSeconds").GetInt32()));
    }

    [Fact]
    public async Task Text_VideoWithKnownMoments_ListsThemAfterTheChartAndMarksThemInTheSvg()
    {
        var connectionString = await StoreAsync();
        var svg = Path.Combine(Path.GetTempPath(), $"heatmap-{Guid.NewGuid():N}.svg");
        try
        {
            var (output, _) = await RunAsync(connectionString, "--video", "v", "--from", "2026-11-20", "--to", "2026-11-20", "--svg", svg);

            Assert.Contains("Key moments (400 viewers at the start; shares are of them):", output);
            Assert.Contains("  intro drop    0:12   25.0 % gone by 0:30 (100 viewers), fastest at 0:12", output);
            Assert.Contains("  dip           1:00   37.5 % leave here beyond the usual (150 viewers)", output);
            Assert.Contains("not enough similar videos to say what is typical (0 with 50+ viewers at the start; 5 needed)", output);
            var chart = await File.ReadAllTextAsync(svg);
            Assert.Contains(">I</text>", chart);
            Assert.Contains(">D</text>", chart);
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Fact]
    public async Task Text_SimilarVideosKeepTheirViewers_ShowsTheVideoBelowTheirTypicalCurve()
    {
        // Six other 2-minute videos keep nine in ten viewers to the end.
        var connectionString = await StoreAsync(similarVideos: 6);

        var (output, _) = await RunAsync(connectionString, "--video", "v", "--window", "last-90-days");

        Assert.Contains("Compared with videos of similar length (1–3 min; this one 2:00; their last-90-days windows), 6 videos:", output);
        Assert.Contains("  below typical: on average -37.3 points of the start against the typical (median) curve", output);
        Assert.Contains("  this video          75.0 %  75.0 %  37.5 %  37.5 %  37.5 %  37.5 %", output);
        Assert.Contains("  typical (median)    99.0 %  98.0 %  95.0 %  93.0 %  91.0 %  91.0 %", output);
    }

    private async Task<string> StoreAsync(int similarVideos = 0)
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("heatmap_insights");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await EngagementSchema.ApplyAsync(dataSource);
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        for (var u = 0; u < 400; u++)
            accumulator.Credit("v", Day, $"user-{u}", 0, u < 100 ? 12 : u < 250 ? 60 : 120);
        for (var k = 0; k < similarVideos; k++)
        {
            for (var u = 0; u < 100; u++)
                accumulator.Credit($"other-{k}", Day, $"user-{u}", 0, u is > 0 and <= 10 ? u * 12 : 120);
        }
        var batch = new HeatmapBatch();
        foreach (var delta in accumulator.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(dataSource).WriteAsync(batch);
        await new HeatmapWindowRefresher(dataSource).RefreshAsync();
        return connectionString;
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
}
