using System.Buffers;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Wire;

/// <summary>The processor writes keys through one reused writer; the bytes must be those of Encode.</summary>
public sealed class KeyCodecWriteTests
{
    [Theory]
    [InlineData("u1", "v1")]
    [InlineData("", "")]
    [InlineData("user \"quoted\" \\ é 😀", "vidéo\n")]
    public void EngagementKeyWrite_ReusedWriter_SameBytesAsEncode(string userId, string videoId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        EngagementKeyCodec.Write(new EngagementKey("other", "key"), writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);

        EngagementKeyCodec.Write(new EngagementKey(userId, videoId), writer);

        Assert.Equal(EngagementKeyCodec.Encode(new EngagementKey(userId, videoId)), buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("v1", 2026, 11, 20)]
    [InlineData("vidéo \"x\"", 1, 1, 1)]
    [InlineData("v", 9999, 12, 31)]
    public void HeatmapDeltaKeyWrite_ReusedWriter_SameBytesAsEncode(string videoId, int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        HeatmapDeltaKeyCodec.Write("other", new DateOnly(2000, 1, 1), writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);

        HeatmapDeltaKeyCodec.Write(videoId, date, writer);

        Assert.Equal(HeatmapDeltaKeyCodec.Encode(videoId, date), buffer.WrittenSpan.ToArray());
    }
}
