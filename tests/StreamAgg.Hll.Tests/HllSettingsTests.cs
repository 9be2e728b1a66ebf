namespace StreamAgg.Hll.Tests;

public sealed class HllSettingsTests
{
    [Fact]
    public void Default_StreamAggParameters_Are14And5AutoSparse()
    {
        HllSettings settings = HllSettings.Default;

        Assert.Equal((14, 5, -1L, true), (settings.Log2m, settings.RegisterWidth, settings.ExplicitThreshold, settings.SparseEnabled));
        Assert.Equal(16384, settings.RegisterCount);
        Assert.Equal(31, settings.MaxRegisterValue);
        Assert.Equal(1280, settings.EffectiveExplicitThreshold);
    }

    [Theory]
    [InlineData(11, 5, 160)]
    [InlineData(10, 4, 64)]
    [InlineData(4, 5, 1)]
    [InlineData(17, 7, 14336)]
    public void EffectiveExplicitThreshold_Auto_IsPackedRegisterBytesOverEight(int log2m, int width, int expected)
    {
        Assert.Equal(expected, new HllSettings(log2m, width, -1, true).EffectiveExplicitThreshold);
    }

    [Theory]
    [InlineData(-1, 5, -1)]
    [InlineData(18, 5, -1)]
    [InlineData(14, 0, -1)]
    [InlineData(14, 8, -1)]
    [InlineData(14, 5, -2)]
    [InlineData(14, 5, 3)]
    [InlineData(14, 5, 16384)]
    public void Constructor_OutsidePostgresRanges_Throws(int log2m, int width, long threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HllSettings(log2m, width, threshold, true));
    }

    [Fact]
    public void HllSketch_DefaultSettingsValue_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new HllSketch(default(HllSettings)));
    }
}
