using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Tests;

public sealed class HeatmapAccumulatorTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Credit_FractionalEdges_CoversFloorToCeilMinusOne()
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", 2.5, 5.2);

        Assert.Equal([2, 3, 4, 5], heatmap.Rows().Select(r => r.Second));
    }

    [Fact]
    public void Credit_WholeSecondEdges_ExcludesTheEnd()
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", 0, 3);

        Assert.Equal([0, 1, 2], heatmap.Rows().Select(r => r.Second));
    }

    [Fact]
    public void Credit_InsideOneSecond_CoversThatSecond()
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", 7.1, 7.4);

        HeatmapRow row = Assert.Single(heatmap.Rows());
        Assert.Equal(new HeatmapRow("v", Day, 7, 1, 1), row);
    }

    [Theory]
    [InlineData(3.0, 3.0)]
    [InlineData(4.0, 3.0)]
    public void Credit_EmptyInterval_CreditsNothing(double from, double to)
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", from, to);

        Assert.Empty(heatmap.Rows());
        Assert.Empty(heatmap.DrainDeltas());
    }

    [Theory]
    [InlineData(-1.0, 2.0)]
    [InlineData(double.NaN, 2.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(0.0, 3e9)]
    public void Credit_InvalidPositions_Throws(double from, double to)
    {
        var heatmap = new HeatmapAccumulator();

        Assert.Throws<ArgumentOutOfRangeException>(() => heatmap.Credit("v", Day, "u", from, to));
    }

    [Fact]
    public void Credit_Rewatch_CountsPlaysTwiceViewerOnce()
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", 0, 2);
        heatmap.Credit("v", Day, "u", 1, 3);
        heatmap.Credit("v", Day, "other", 1, 2);

        Assert.Equal(
            [new("v", Day, 0, 1, 1), new("v", Day, 1, 2, 3), new("v", Day, 2, 1, 1)],
            heatmap.Rows().ToArray<HeatmapRow>());
    }

    [Fact]
    public void Credit_FarPosition_UsesOnlyThePagesTouched()
    {
        var heatmap = new HeatmapAccumulator();

        heatmap.Credit("v", Day, "u", 2_000_000_000.5, 2_000_000_001.5);

        Assert.Equal([2_000_000_000, 2_000_000_001], heatmap.Rows().Select(r => r.Second));
    }

    [Fact]
    public void Rows_SeveralVideosAndDays_SortedByVideoDaySecond()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("v2", Day, "u", 0, 1);
        heatmap.Credit("v1", Day.AddDays(1), "u", 0, 1);
        heatmap.Credit("v1", Day, "u", 300, 301);
        heatmap.Credit("v1", Day, "u", 5, 6);

        Assert.Equal(
            [("v1", Day, 5), ("v1", Day, 300), ("v1", Day.AddDays(1), 0), ("v2", Day, 0)],
            heatmap.Rows().Select(r => (r.VideoId, r.Day, r.Second)));
    }

    [Fact]
    public void Rows_ManyViewers_RoundsTheEstimate()
    {
        var heatmap = new HeatmapAccumulator();
        for (int i = 0; i < 3000; i++)
        {
            heatmap.Credit("v", Day, "user" + i, 0, 1);
        }

        HeatmapRow row = Assert.Single(heatmap.Rows());
        Assert.Equal(3000, row.Plays);
        Assert.InRange(row.Viewers, 2900, 3100);
        Assert.Equal(row.Viewers, (long)Math.Round(Sketch(heatmap.DrainDeltas()[0], 0).Cardinality(), MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Credit_UpTo1280Viewers_SketchesStayExplicit()
    {
        var heatmap = new HeatmapAccumulator();
        for (int i = 0; i < 1280; i++)
        {
            heatmap.Credit("v", Day, "user" + i, 0, 2);
        }

        HeatmapDelta delta = heatmap.DrainDeltas().Single();

        Assert.All(delta.Seconds, s => Assert.Equal(HllRepresentation.Explicit, s.Viewers.Representation));
        Assert.Equal([1280L, 1280L], heatmap.Rows().Select(r => r.Viewers));
    }

    [Fact]
    public void ViewerHash_NoSalt_IsHashOfUserId()
    {
        var heatmap = new HeatmapAccumulator();

        Assert.Equal(HllHash.Text("user_42"), heatmap.ViewerHash("user_42", Day));
    }

    [Fact]
    public void ViewerHash_WithSalt_IsHashOfSaltDayAndUser()
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, "salt");

        // Checked with PostgreSQL: hll_hash_text('salt:2026-11-20:user_42').
        Assert.Equal(8434974367303267077L, heatmap.ViewerHash("user_42", Day));
        Assert.Equal(HllHash.Text("salt:2026-11-20:user_42"), heatmap.ViewerHash("user_42", Day));
    }

    [Fact]
    public void ViewerHash_WithSalt_ChangesWithTheDay()
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, "salt");

        Assert.NotEqual(heatmap.ViewerHash("u", Day), heatmap.ViewerHash("u", Day.AddDays(1)));
    }

    [Fact]
    public void ViewerHash_LongSaltAndUser_SameAsStringConcatenation()
    {
        string salt = new('s', 300);
        string user = new('u', 500);
        var heatmap = new HeatmapAccumulator(HllSettings.Default, salt);

        Assert.Equal(HllHash.Text(salt + ":2026-11-20:" + user), heatmap.ViewerHash(user, Day));
    }

    [Fact]
    public void Credit_WithSalt_SketchHoldsSaltedHash()
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, "salt");

        heatmap.Credit("v", Day, "user_42", 0, 1);

        var expected = new HllSketch();
        expected.Add(HllHash.Text("salt:2026-11-20:user_42"));
        Assert.Equal(expected.ToBytes(), Sketch(heatmap.DrainDeltas()[0], 0).ToBytes());
    }

    [Fact]
    public void DrainDeltas_AfterCredits_ReturnsPerVideoDayTheChangedSeconds()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("v", Day, "a", 0, 2);
        heatmap.Credit("v", Day, "b", 1, 2);
        heatmap.Credit("w", Day, "a", 5, 6);

        IReadOnlyList<HeatmapDelta> deltas = heatmap.DrainDeltas();

        Assert.Equal(["v", "w"], deltas.Select(d => d.VideoId));
        Assert.Equal([(0, 1L, 1.0), (1, 2L, 2.0)], deltas[0].Seconds.Select(s => (s.Second, s.Plays, s.Viewers.Cardinality())));
        Assert.Equal([(5, 1L, 1.0)], deltas[1].Seconds.Select(s => (s.Second, s.Plays, s.Viewers.Cardinality())));
    }

    [Fact]
    public void DrainDeltas_Twice_SecondIsEmpty()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("v", Day, "a", 0, 2);

        heatmap.DrainDeltas();

        Assert.Empty(heatmap.DrainDeltas());
    }

    [Fact]
    public void DrainDeltas_AfterMoreCredits_HoldsOnlyNewHashesWhileTotalsKeepAll()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("v", Day, "a", 0, 1);
        heatmap.DrainDeltas();

        heatmap.Credit("v", Day, "b", 0, 1);
        heatmap.Credit("v", Day, "b", 3, 4);
        IReadOnlyList<HeatmapDelta> deltas = heatmap.DrainDeltas();

        var onlyB = new HllSketch();
        onlyB.Add(HllHash.Text("b"));
        HeatmapDelta delta = Assert.Single(deltas);
        Assert.Equal([0, 3], delta.Seconds.Select(s => s.Second));
        Assert.Equal(onlyB.ToBytes(), delta.Seconds[0].Viewers.ToBytes());
        Assert.Equal(1, delta.Seconds[0].Plays);
        Assert.Equal(new HeatmapRow("v", Day, 0, 2, 2), heatmap.Rows().First());
    }

    [Fact]
    public void DrainDeltas_UnionOfAllDeltas_EqualsTotals()
    {
        var heatmap = new HeatmapAccumulator();
        var merged = new HllSketch();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 700; i++)
            {
                heatmap.Credit("v", Day, "user" + ((round * 500) + i), 0, 1);
            }

            merged.UnionWith(Sketch(heatmap.DrainDeltas()[0], 0));
        }

        Assert.Equal(HllRepresentation.Sparse, merged.Representation);
        Assert.Equal((long)Math.Round(merged.Cardinality(), MidpointRounding.AwayFromZero), heatmap.Rows().Single().Viewers);
    }

    [Fact]
    public void Rows_DeltasOnly_HasNoTotals()
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, null, HeatmapTracking.Deltas);
        heatmap.Credit("v", Day, "a", 0, 3);

        Assert.Empty(heatmap.Rows());
        Assert.Equal(3, Assert.Single(heatmap.DrainDeltas()).Seconds.Count);
    }

    [Fact]
    public void DrainDeltas_TotalsOnly_IsEmpty()
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, null, HeatmapTracking.Totals);
        heatmap.Credit("v", Day, "a", 0, 3);

        Assert.Empty(heatmap.DrainDeltas());
        Assert.Equal(3, heatmap.Rows().Count());
    }

    private static HllSketch Sketch(HeatmapDelta delta, int second) => delta.Seconds.Single(s => s.Second == second).Viewers;
}
