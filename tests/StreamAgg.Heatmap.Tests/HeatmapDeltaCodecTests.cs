using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Tests;

public sealed class HeatmapDeltaCodecTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Read_WrittenDelta_RoundTrips()
    {
        var heatmap = new HeatmapAccumulator();
        heatmap.Credit("vidéo-1", Day, "a", 0, 3);
        heatmap.Credit("vidéo-1", Day, "b", 1000.5, 1001.5);
        for (int i = 0; i < 2000; i++)
        {
            heatmap.Credit("vidéo-1", Day, "user" + i, 2, 3);
        }

        HeatmapDelta delta = Assert.Single(heatmap.DrainDeltas());

        HeatmapDelta read = HeatmapDeltaCodec.Read(HeatmapDeltaCodec.ToBytes(delta));

        Assert.Equal(delta.VideoId, read.VideoId);
        Assert.Equal(delta.Day, read.Day);
        Assert.Equal(delta.Seconds.Select(s => (s.Second, s.Plays)), read.Seconds.Select(s => (s.Second, s.Plays)));
        Assert.Equal(delta.Seconds.Select(s => s.Viewers.ToBytes()), read.Seconds.Select(s => s.Viewers.ToBytes()));
        Assert.Equal(HllRepresentation.Sparse, read.Seconds.Single(s => s.Second == 2).Viewers.Representation);
    }

    [Fact]
    public void Write_SmallDelta_IsTheDocumentedLayout()
    {
        var viewers = new HllSketch();
        viewers.Add(HllHash.Text("1"));
        var delta = new HeatmapDelta("v1", Day, [new HeatmapSecondDelta(5, 2, viewers), new HeatmapSecondDelta(300, 1, new HllSketch())]);

        byte[] bytes = HeatmapDeltaCodec.ToBytes(delta);

        string expected =
            "484401" +               // "HD", version 1
            "02" + "7631" +          // video id: length 2, "v1"
            "29510000" +             // day: 20777 days after 1970-01-01, int32 little-endian
            "02" +                   // two seconds
            "06" + "02" + "0b" + Convert.ToHexStringLower(viewers.ToBytes()) + // gap 6 (second 5), 2 plays, 11-byte sketch
            "a702" + "01" + "03" + "118e7f";                     // gap 295 (second 300), 1 play, empty sketch
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Write_SecondsNotAscending_Throws()
    {
        var delta = new HeatmapDelta("v", Day, [new HeatmapSecondDelta(5, 1, new HllSketch()), new HeatmapSecondDelta(5, 1, new HllSketch())]);

        Assert.Throws<ArgumentException>(() => HeatmapDeltaCodec.ToBytes(delta));
    }

    [Theory]
    [InlineData("", "magic")]
    [InlineData("4845", "magic")]
    [InlineData("484402", "version 2")]
    [InlineData("48440105", "video id claims 5 bytes")]
    [InlineData("48440101762951", "before its day")]
    [InlineData("48440101762951000005", "claims 5 seconds")]
    [InlineData("48440101762951000001000103118e7f", "gap 0")]
    [InlineData("48440101762951000001010103118e7f00", "unexpected bytes")]
    [InlineData("48440101762951000001010180", "inside a varint")]
    public void Read_Malformed_ThrowsFormatException(string hex, string expectedMessagePart)
    {
        FormatException error = Assert.Throws<FormatException>(() => HeatmapDeltaCodec.Read(Convert.FromHexString(hex)));

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadSketchBytes_ThrowsHllFormatException()
    {
        Assert.Throws<HllFormatException>(() => HeatmapDeltaCodec.Read(Convert.FromHexString("48440101762951000001010103218e7f")));
    }
}
