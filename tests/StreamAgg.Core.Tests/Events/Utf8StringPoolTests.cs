using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class Utf8StringPoolTests
{
    [Fact]
    public void GetOrAdd_SameBytes_SameInstance()
    {
        var pool = new Utf8StringPool(16);

        string first = pool.GetOrAdd("user0019"u8);
        string second = pool.GetOrAdd(Encoding.UTF8.GetBytes("user0019"));

        Assert.Equal("user0019", first);
        Assert.Same(first, second);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void GetOrAdd_NonAscii_DecodedAsUtf8()
    {
        Assert.Equal("Jürgen 🎬", new Utf8StringPool().GetOrAdd(Encoding.UTF8.GetBytes("Jürgen 🎬")));
    }

    [Fact]
    public void GetOrAdd_Empty_EmptyStringNotCounted()
    {
        var pool = new Utf8StringPool(4);

        Assert.Same(string.Empty, pool.GetOrAdd([]));
        Assert.Equal(0, pool.Count);
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(5, 8)]
    [InlineData(8192, 8192)]
    public void Constructor_Capacity_RoundedUpToPowerOfTwo(int requested, int expected)
    {
        Assert.Equal(expected, new Utf8StringPool(requested).Capacity);
    }

    [Fact]
    public void Constructor_NonPositiveCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Utf8StringPool(0));
    }

    [Fact]
    public void GetOrAdd_MoreDistinctValuesThanCapacity_StaysBoundedAndCorrect()
    {
        var pool = new Utf8StringPool(64);
        for (int i = 0; i < 10_000; i++)
        {
            string id = "user" + i;
            Assert.Equal(id, pool.GetOrAdd(Encoding.UTF8.GetBytes(id)));
        }

        Assert.True(pool.Count <= pool.Capacity);
        Assert.Equal("user5", pool.GetOrAdd("user5"u8));
    }

    [Fact]
    public void GetOrAdd_WorkingSetWithinCapacity_AllHitsAfterWarmup()
    {
        var pool = new Utf8StringPool(4096);
        byte[][] ids = [.. Enumerable.Range(0, 500).Select(i => Encoding.UTF8.GetBytes("user" + i))];
        string[] firstRound = [.. ids.Select(id => pool.GetOrAdd(id))];

        // Sets of four ways can overflow before the table is full, so a few of 500 ids in a
        // 4096-slot table may have been evicted; nearly all must be hits.
        int same = ids.Select((id, i) => ReferenceEquals(firstRound[i], pool.GetOrAdd(id))).Count(s => s);

        Assert.True(same >= 495, $"only {same} of 500 were pooled");
    }

    [Fact]
    public void GetOrAdd_LongerThanMaxPooled_NewInstanceEachTime()
    {
        var pool = new Utf8StringPool(16);
        byte[] longValue = Encoding.UTF8.GetBytes(new string('x', Utf8StringPool.MaxPooledLength + 1));

        string first = pool.GetOrAdd(longValue);
        string second = pool.GetOrAdd(longValue);

        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.Equal(0, pool.Count);
    }
}
