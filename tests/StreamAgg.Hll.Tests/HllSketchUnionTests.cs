namespace StreamAgg.Hll.Tests;

public sealed class HllSketchUnionTests
{
    [Fact]
    public void UnionWith_EmptyIntoExplicit_IsIdentity()
    {
        HllSketch sketch = HllSketchTests.Users(10);
        byte[] before = sketch.ToBytes();

        sketch.UnionWith(new HllSketch());

        Assert.Equal(before, sketch.ToBytes());
    }

    [Fact]
    public void UnionWith_ExplicitIntoEmpty_CopiesWithoutSharing()
    {
        var target = new HllSketch();
        HllSketch source = HllSketchTests.Users(10);

        target.UnionWith(source);
        target.Add(HllHash.Text("another"));

        Assert.Equal(11.0, target.Cardinality());
        Assert.Equal(10.0, source.Cardinality());
    }

    [Fact]
    public void UnionWith_OverlappingExplicitSets_IsExactSetUnion()
    {
        HllSketch left = HllSketchTests.Users(50);
        HllSketch right = new();
        for (int i = 30; i <= 80; i++)
        {
            right.Add(HllHash.Text("user" + i));
        }

        left.UnionWith(right);

        Assert.Equal(HllRepresentation.Explicit, left.Representation);
        Assert.Equal(80.0, left.Cardinality());
        Assert.Equal(HllSketchTests.Users(80).ToBytes(), left.ToBytes());
    }

    [Fact]
    public void UnionWith_ExplicitSetsPastThreshold_SameAsAddingAll()
    {
        HllSketch left = HllSketchTests.Users(1000);
        var right = new HllSketch();
        for (int i = 500; i <= 1500; i++)
        {
            right.Add(HllHash.Text("user" + i));
        }

        left.UnionWith(right);

        Assert.Equal(HllRepresentation.Sparse, left.Representation);
        Assert.Equal(HllSketchTests.Users(1500).ToBytes(), left.ToBytes());
    }

    [Fact]
    public void UnionWith_FullAndFull_IsRegisterMaximum()
    {
        HllSketch left = HllSketchTests.Users(30_000);
        var right = new HllSketch();
        for (int i = 20_000; i <= 60_000; i++)
        {
            right.Add(HllHash.Text("user" + i));
        }

        HllSketch union = HllSketch.Union(left, right);

        Assert.Equal(HllSketchTests.Users(60_000).ToBytes(), union.ToBytes());
        Assert.Equal(HllSketchTests.Users(30_000).ToBytes(), left.ToBytes());
    }

    [Fact]
    public void UnionWith_ExplicitIntoFull_AddsTheHashes()
    {
        HllSketch full = HllSketchTests.Users(20_000);
        var small = new HllSketch();
        for (int i = 19_990; i <= 20_100; i++)
        {
            small.Add(HllHash.Text("user" + i));
        }

        HllSketch fullFirst = HllSketch.Union(full, small);
        HllSketch smallFirst = HllSketch.Union(small, full);

        byte[] expected = HllSketchTests.Users(20_100).ToBytes();
        Assert.Equal(expected, fullFirst.ToBytes());
        Assert.Equal(expected, smallFirst.ToBytes());
    }

    [Fact]
    public void UnionWith_Self_IsUnchanged()
    {
        HllSketch sketch = HllSketchTests.Users(5000);
        byte[] before = sketch.ToBytes();

        sketch.UnionWith(sketch);

        Assert.Equal(before, sketch.ToBytes());
    }

    [Theory]
    [InlineData(13, 5, -1L, true)]
    [InlineData(14, 4, -1L, true)]
    [InlineData(14, 5, 256L, true)]
    [InlineData(14, 5, -1L, false)]
    public void UnionWith_DifferentSettings_ThrowsNamingBoth(int log2m, int width, long threshold, bool sparse)
    {
        var target = new HllSketch();
        var other = new HllSketch(new HllSettings(log2m, width, threshold, sparse));

        ArgumentException error = Assert.Throws<ArgumentException>(() => target.UnionWith(other));

        Assert.Contains("hll(14, 5, -1, 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains(other.Settings.ToString(), error.Message, StringComparison.Ordinal);
    }
}
