namespace StreamAgg.Hll.Tests;

public sealed class HllHashTests
{
    [Theory]
    [InlineData("", 0L)]
    [InlineData("A", 243126998722523514L)]
    [InlineData("AB", 5365230931951287672L)]
    [InlineData("peter", -610852832802818423L)]
    [InlineData("ünïcødé", -8398050443663495751L)]
    public void Text_ValuesCheckedInHllMd_MatchPostgres(string text, long expected)
    {
        Assert.Equal(expected, HllHash.Text(text));
    }

    [Theory]
    [InlineData(0L, 2945182322382062539L)]
    [InlineData(-100L, -886862857196634693L)]
    public void Bigint_ValuesCheckedInHllMd_MatchPostgres(long value, long expected)
    {
        Assert.Equal(expected, HllHash.Bigint(value));
    }

    [Fact]
    public void Text_StringSpanAndUtf8Bytes_AgreeForLongText()
    {
        string text = string.Concat(Enumerable.Repeat("ünïcødé-", 200));

        long fromString = HllHash.Text(text);

        Assert.Equal(fromString, HllHash.Text(text.AsSpan()));
        Assert.Equal(fromString, HllHash.Text(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
