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
    [InlineData("", "Not a heatmap delta: 0 bytes, fewer than the 3 of its magic \"HD\" and version.")]
    [InlineData("4844", "Not a heatmap delta: 2 bytes, fewer than the 3 of its magic \"HD\" and version.")]
    [InlineData("484501", "Not a heatmap delta: it starts with 0x48 0x45, not the magic bytes \"HD\" (0x48 0x44).")]
    [InlineData("7b2276", "Not a heatmap delta: it starts with 0x7b 0x22, not the magic bytes \"HD\" (0x48 0x44).")]
    [InlineData("484402", "Unsupported heatmap delta version 2; this reader knows version 1.")]
    [InlineData("48440105", "A heatmap delta's video id claims 5 bytes; 0 remain.")]
    [InlineData("48440101762951", "A heatmap delta ends before its day.")]
    [InlineData("484401017600000080", "A heatmap delta's day -2147483648 (days since 1970-01-01) is outside the years 1 to 9999.")]
    [InlineData("48440101762951000005", "A heatmap delta claims 5 seconds in 0 bytes.")]
    [InlineData("48440101762951000001000103118e7f", "Heatmap delta entry 0 has gap 0: it repeats second -1; seconds must be strictly ascending.")]
    [InlineData("4844010176295100000180808080080103118e7f", "Heatmap delta entry 0 has gap 2147483648: it puts its second beyond 2147483647.")]
    [InlineData("484401017629510000010180808080808080808001", "Heatmap delta second 0 claims 9223372036854775808 plays, more than 9223372036854775807.")]
    [InlineData("48440101762951000001010103118e7f00", "1 unexpected bytes after a heatmap delta.")]
    [InlineData("48440101762951000001010180", "A heatmap delta ends inside a varint.")]
    [InlineData("4844010176295100000101ffffffffffffffffff7f", "A heatmap delta varint is longer than 64 bits.")]
    public void Read_Malformed_ThrowsFormatExceptionSayingWhatIsWrong(string hex, string expectedMessage)
    {
        FormatException error = Assert.Throws<FormatException>(() => HeatmapDeltaCodec.Read(Convert.FromHexString(hex)));

        Assert.Equal(expectedMessage, error.Message);
    }

    [Fact]
    public void Read_BadSketchBytes_ThrowsHllFormatException()
    {
        Assert.Throws<HllFormatException>(() => HeatmapDeltaCodec.Read(Convert.FromHexString("48440101762951000001010103218e7f")));
    }
}
