using StreamAgg.Sink.Heatmap;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

public sealed class HeatmapWindowTests
{
    [Theory]
    [InlineData("last-7-days", 7)]
    [InlineData("last-90-days", 90)]
    [InlineData("last-1-days", 1)]
    public void Parse_StandardName_ReadsTheDays(string name, int days)
    {
        var window = HeatmapWindow.Parse(name);

        Assert.Equal(days, window.Days);
        Assert.Equal(name, window.Name);
    }

    [Theory]
    [InlineData("last-0-days")]
    [InlineData("last--1-days")]
    [InlineData("last-7-day")]
    [InlineData("7")]
    [InlineData("last-99999-days")]
    public void Parse_OtherText_ThrowsFormatException(string name) =>
        Assert.Throws<FormatException>(() => HeatmapWindow.Parse(name));

    [Fact]
    public void Range_NewestDay_EndsThereAndCoversTheDays()
    {
        var (from, to) = new HeatmapWindow(90).Range(new DateOnly(2026, 4, 14));

        Assert.Equal((new DateOnly(2026, 1, 15), new DateOnly(2026, 4, 14)), (from, to));
    }
}
