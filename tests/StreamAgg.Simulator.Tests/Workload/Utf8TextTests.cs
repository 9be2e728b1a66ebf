using System.Globalization;
using System.Text;
using StreamAgg.Simulator.Workload;
using Xunit;

namespace StreamAgg.Simulator.Tests.Workload;

public sealed class Utf8TextTests
{
    [Fact]
    public void IsoUtc_AnyInstant_MatchesDateTimeFormatting()
    {
        var random = new Random(1);
        Span<byte> text = stackalloc byte[Utf8Text.MaxLength];
        for (int i = 0; i < 20_000; i++)
        {
            long ms = random.NextInt64(-2_000_000_000_000, 32_503_680_000_000); // 1906 to 3000
            int length = Utf8Text.IsoUtc(ms, text);

            string expected = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
                .ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
            Assert.Equal(expected, Encoding.ASCII.GetString(text[..length]));
        }
    }

    [Theory]
    [InlineData(120)]
    [InlineData(-300)]
    [InlineData(330)]
    [InlineData(0)]
    public void IsoWithOffset_AnyInstant_IsTheSameInstantAtThatOffset(int offsetMinutes)
    {
        var random = new Random(2);
        Span<byte> text = stackalloc byte[Utf8Text.MaxLength];
        for (int i = 0; i < 2_000; i++)
        {
            long ms = random.NextInt64(0, 4_102_444_800_000);
            int length = Utf8Text.IsoWithOffset(ms, offsetMinutes, text);

            string expected = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(offsetMinutes))
                .ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffzzz", CultureInfo.InvariantCulture);
            Assert.Equal(expected, Encoding.ASCII.GetString(text[..length]));
        }
    }

    [Fact]
    public void Seconds_MillisecondValues_PrintAsTheShortestRoundTrip()
    {
        var random = new Random(3);
        Span<byte> text = stackalloc byte[Utf8Text.MaxLength];
        double[] fixedValues = [0, 1, 1.25, 1.5, 2, 0.001, 0.01, 0.1, 12.5, 2400, 113.874, -1, -14.02, 99_999.999];
        foreach (double value in fixedValues.Concat(Enumerable.Range(0, 50_000).Select(_ => Utf8Text.RoundToMilliseconds(random.NextDouble() * 5000))))
        {
            int length = Utf8Text.Seconds(value, text);

            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text[..length]));
            Assert.Equal(value, double.Parse(text[..length], CultureInfo.InvariantCulture));
        }
    }
}
