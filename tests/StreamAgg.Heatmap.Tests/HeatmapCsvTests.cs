namespace StreamAgg.Heatmap.Tests;

public sealed class HeatmapCsvTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Write_Accumulator_HeaderThenSortedRows()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("video_002", Day, "u", 0, 1);
        heatmap.Credit("video_001", Day, "u", 0, 2);
        heatmap.Credit("video_001", Day, "u", 1, 2);
        var text = new StringWriter();

        HeatmapCsv.Write(text, heatmap);

        Assert.Equal(
            "videoId,day,second,viewers,plays\n" +
            "video_001,2026-11-20,0,1,1\n" +
            "video_001,2026-11-20,1,1,2\n" +
            "video_002,2026-11-20,0,1,1\n",
            text.ToString());
    }

    [Fact]
    public void Write_NothingCredited_OnlyHeader()
    {
        var text = new StringWriter();

        HeatmapCsv.Write(text, new HeatmapAccumulator());

        Assert.Equal("videoId,day,second,viewers,plays\n", text.ToString());
    }

    [Fact]
    public void Write_VideoIdWithCommaOrQuote_IsQuoted()
    {
        var text = new StringWriter();

        HeatmapCsv.Write(text, [new HeatmapRow("a,\"b\"", Day, 0, 1, 1)]);

        Assert.EndsWith("\"a,\"\"b\"\"\",2026-11-20,0,1,1\n", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ScenarioOneCredit_MatchesExpectedFile()
    {
        // Scenario 01: peter plays video_001 from 0 to its end at 300 s on 2026-11-20.
        string expected = File.ReadAllText(Path.Combine(ScenarioDirectory("01-play-to-end"), "expected-heatmap.csv"));
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("video_001", Day, "peter", 0, 300);
        var text = new StringWriter();

        HeatmapCsv.Write(text, heatmap);

        Assert.Equal(expected.ReplaceLineEndings("\n"), text.ToString());
    }

    private static string ScenarioDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "scenarios", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Scenario {name} not found above {AppContext.BaseDirectory}.");
    }
}
