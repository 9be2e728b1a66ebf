using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class ExactLengthArraysTests
{
    [Fact]
    public void CopyOf_SameLengthTwice_ReusesOneArrayHoldingTheLatestBytes()
    {
        var arrays = new ExactLengthArrays();

        var first = arrays.CopyOf([1, 2, 3]);
        var second = arrays.CopyOf([4, 5, 6]);

        Assert.Same(first, second);
        Assert.Equal([4, 5, 6], second);
    }

    [Fact]
    public void CopyOf_DifferentLengths_ArraysOfExactlyThoseLengths()
    {
        var arrays = new ExactLengthArrays();

        var short_ = arrays.CopyOf([7]);
        var empty = arrays.CopyOf([]);
        var longer = arrays.CopyOf([1, 2]);

        Assert.Equal([7], short_);
        Assert.Empty(empty);
        Assert.Equal([1, 2], longer);
    }

    [Fact]
    public void CopyOf_LongerThanCached_FreshArrayEachTime()
    {
        var arrays = new ExactLengthArrays();
        var bytes = new byte[ExactLengthArrays.MaxCachedLength + 1];
        bytes[^1] = 9;

        var first = arrays.CopyOf(bytes);
        var second = arrays.CopyOf(bytes);

        Assert.NotSame(first, second);
        Assert.Equal(bytes, second);
    }
}
