using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Wire;

public sealed class EngagementKeyCodecTests
{
    [Theory]
    [InlineData("u1", "v1")]
    [InlineData("", "")]
    [InlineData("user \"quoted\"", "video\\path")]
    [InlineData("ünïcode 視聴者", "v,\"x\"]")]
    [InlineData("tab\there", "new\nline")]
    [InlineData("[\"a\",\"b\"]", "v")]
    public void TryDecode_WithPool_ReadsWhatEncodeWrote(string userId, string videoId)
    {
        var key = new EngagementKey(userId, videoId);
        byte[] encoded = EngagementKeyCodec.Encode(key);

        Assert.True(EngagementKeyCodec.TryDecode(encoded, new Utf8StringPool(), out EngagementKey decoded));
        Assert.Equal(key, decoded);
    }

    [Theory]
    [InlineData("[\"u\",\"v\"]", true)]
    [InlineData("[ \"u\" , \"v\" ]", true)]
    [InlineData("[\"u\\u0041\",\"v\"]", true)]
    [InlineData("[]", false)]
    [InlineData("[\"u\"]", false)]
    [InlineData("[\"u\",\"v\",\"w\"]", false)]
    [InlineData("[\"u\",1]", false)]
    [InlineData("[\"u\",\"v\"", false)]
    [InlineData("{\"u\":\"v\"}", false)]
    [InlineData("[\"u\"\"v\"]", false)]
    [InlineData("[\"u\",\"v\"]x", false)]
    [InlineData("", false)]
    public void TryDecode_WithPool_AgreesWithTheJsonReader(string text, bool valid)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);

        bool plain = EngagementKeyCodec.TryDecode(bytes, out EngagementKey expected);
        bool pooled = EngagementKeyCodec.TryDecode(bytes, new Utf8StringPool(), out EngagementKey actual);

        Assert.Equal(valid, plain);
        Assert.Equal(plain, pooled);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryDecode_RawControlCharacterOrInvalidUtf8_IsNotAKey()
    {
        byte[] control = [.. "[\"u"u8, 0x01, .. "\",\"v\"]"u8];
        byte[] invalid = [.. "[\"u"u8, 0xFF, .. "\",\"v\"]"u8];

        Assert.False(EngagementKeyCodec.TryDecode(control, new Utf8StringPool(), out _));
        Assert.False(EngagementKeyCodec.TryDecode(invalid, new Utf8StringPool(), out _));
        Assert.False(EngagementKeyCodec.TryDecode(invalid, out _));
    }

    [Fact]
    public void TryDecode_WithPool_KeysOfOneVideoShareItsId()
    {
        var pool = new Utf8StringPool();

        EngagementKeyCodec.TryDecode(EngagementKeyCodec.Encode(new EngagementKey("ann", "video_7")), pool, out EngagementKey first);
        EngagementKeyCodec.TryDecode(EngagementKeyCodec.Encode(new EngagementKey("bob", "video_7")), pool, out EngagementKey second);

        Assert.Same(first.VideoId, second.VideoId);
    }
}
