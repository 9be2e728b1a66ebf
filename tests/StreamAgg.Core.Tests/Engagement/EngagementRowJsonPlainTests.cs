using System.Text;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementRowJsonPlainTests
{
    private static readonly EngagementRow Sample = new()
    {
        UserId = "anon-1|web",
        VideoId = "video_001",
        VideoTitle = "Intro to Streams: part 2/3 mail@host.example",
        VideoDuration = 300,
        TotalWatchTime = 130.25,
        UniqueSecondsWatched = 120,
        MaxPositionReached = 120.5,
        WatchPercentage = 43.333333333333336,
        UniqueWatchPercentage = 40,
        CompletionPercentage = 40,
        SessionCount = 1,
        TotalPauses = 3,
        AvgPausesPerSession = 1.5,
        TotalBackwardSkips = 1,
        EngagementScore = 34.7,
        EngagementTier = "Low",
        EventsApplied = 6,
        DuplicateEventsDropped = 2,
        FirstEventAtMs = 1795168800000,
        LastEventAtMs = 1795168940123,
        QualityFlags = ["duplicates_dropped", "late_events_dropped"],
        ActiveSession = true,
        Version = 17,
    };

    public static TheoryData<double> Doubles => new()
    {
        0, -0.0, 1, -1, 0.1, -2.5, 1e15 - 1, 1e15, -1e15, 1e16, 123456789012.345, 1e-7, 5e-324,
        double.MaxValue, double.MinValue, 43.333333333333336, 2.0 / 3, Math.PI * 1e20,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryWritePlain_PlainRow_WritesTheBytesOfWrite(bool includeStreamingFields)
    {
        AssertSameAsWriter(Sample, includeStreamingFields);
        AssertSameAsWriter(Sample with { VideoTitle = null, VideoDuration = null, WatchPercentage = null, UniqueWatchPercentage = null, CompletionPercentage = null, EngagementScore = null, QualityFlags = [], ActiveSession = false }, includeStreamingFields);
    }

    [Theory]
    [MemberData(nameof(Doubles))]
    public void TryWritePlain_AnyFiniteNumber_WritesTheBytesOfWrite(double value)
    {
        AssertSameAsWriter(
            Sample with { TotalWatchTime = value, VideoDuration = value, AvgPausesPerSession = value, EngagementScore = value },
            includeStreamingFields: false);
    }

    [Fact]
    public void TryWritePlain_RandomRows_WritesTheBytesOfWrite()
    {
        var random = new Random(20261122);
        for (int n = 0; n < 2000; n++)
        {
            double RandomDouble() => random.Next(4) switch
            {
                0 => random.Next(0, 100000),
                1 => Math.Round(random.NextDouble() * 1000, random.Next(0, 6)),
                2 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0.5,
                _ => -random.NextDouble() * Math.Pow(10, random.Next(-10, 20)),
            };

            var row = Sample with
            {
                UserId = "u" + random.NextInt64(),
                VideoDuration = random.Next(5) == 0 ? null : RandomDouble(),
                TotalWatchTime = RandomDouble(),
                UniqueSecondsWatched = RandomDouble(),
                MaxPositionReached = RandomDouble(),
                WatchPercentage = RandomDouble(),
                AvgPausesPerSession = RandomDouble(),
                SessionCount = random.Next(int.MinValue, int.MaxValue),
                LateEventsDropped = random.Next(),
                FirstEventAtMs = random.NextInt64(-62135596800000, 253402300799999),
                Version = random.NextInt64(long.MinValue, long.MaxValue),
            };
            AssertSameAsWriter(row, includeStreamingFields: n % 2 == 0);
        }
    }

    [Fact]
    public void TryWritePlain_EveryCharacterInAnId_IsPlainOnlyWhereTheWriterCopiesIt()
    {
        int plain = 0;
        for (int c = 0; c < 0x300; c++)
        {
            var row = Sample with { UserId = "a" + (char)c + "z" };
            byte[] expected = WithWriter(row, includeStreamingFields: false);
            byte[] destination = new byte[4096];
            if (EngagementRowJson.TryWritePlain(row, includeStreamingFields: false, destination, out int written))
            {
                plain++;
                Assert.Equal(expected, destination[..written]);
            }
        }

        // Letters, digits and " -_.|:/@".
        Assert.Equal(26 + 26 + 10 + 8, plain);
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("back\\slash")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9")]
    [InlineData("a+b")]
    [InlineData("<b>")]
    public void TryWritePlain_TextTheWriterEscapes_ReturnsFalse(string title)
    {
        Assert.False(EngagementRowJson.TryWritePlain(Sample with { VideoTitle = title }, false, new byte[4096], out int written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void TryWritePlain_NumberNotFinite_ReturnsFalse(double value)
    {
        Assert.False(EngagementRowJson.TryWritePlain(Sample with { MaxPositionReached = value }, false, new byte[4096], out _));
    }

    [Fact]
    public void TryWritePlain_DestinationTooSmall_ReturnsFalseAtEveryLength()
    {
        int length = WithWriter(Sample, includeStreamingFields: true).Length;
        for (int size = 0; size < length; size++)
        {
            Assert.False(EngagementRowJson.TryWritePlain(Sample, true, new byte[size], out _));
        }

        Assert.True(EngagementRowJson.TryWritePlain(Sample, true, new byte[length], out int written));
        Assert.Equal(length, written);
    }

    private static void AssertSameAsWriter(EngagementRow row, bool includeStreamingFields)
    {
        byte[] expected = WithWriter(row, includeStreamingFields);
        byte[] destination = new byte[4096];
        Assert.True(EngagementRowJson.TryWritePlain(row, includeStreamingFields, destination, out int written));
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(destination, 0, written));
    }

    private static byte[] WithWriter(EngagementRow row, bool includeStreamingFields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DeadLetterJson.WriterOptions))
        {
            EngagementRowJson.Write(writer, row, includeStreamingFields);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
