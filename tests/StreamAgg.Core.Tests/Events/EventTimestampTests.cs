using System.Globalization;
using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class EventTimestampTests
{
    [Theory]
    [InlineData("2000-01-01T00:00:00.001Z", 946684800001L)]
    [InlineData("2000-01-01T01:00:00+01:00", 946684800000L)]
    [InlineData("2100-01-01T00:59:59.999+01:00", 4102444799999L)]
    [InlineData("2026-11-20T10:00:00Z", 1795168800000L)]
    [InlineData("2026-11-20T12:00:00+02:00", 1795168800000L)]
    [InlineData("2026-11-20T12:00:00+0200", 1795168800000L)]
    [InlineData("2026-11-20T12:00:00+02", 1795168800000L)]
    [InlineData("2026-11-20T04:30:00-05:30", 1795168800000L)]
    [InlineData("2026-11-20T10:00:00-00:00", 1795168800000L)]
    [InlineData("2026-11-20t10:00:00z", 1795168800000L)]
    [InlineData("2000-01-01T00:00:00Z", EventTimestamp.MinEpochMilliseconds)]
    [InlineData("2099-12-31T23:59:59.999Z", EventTimestamp.MaxEpochMilliseconds)]
    public void TryParseIso8601_ValidText_EpochMilliseconds(string text, long expected)
    {
        Assert.True(EventTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes(text), out long ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData(".6", 600)]
    [InlineData(".68", 680)]
    [InlineData(".682", 682)]
    [InlineData(".6829", 682)]
    [InlineData(".6829999999999999999999", 682)]
    [InlineData(".0001", 0)]
    [InlineData(".999999", 999)]
    public void TryParseIso8601_FractionOfAnyLength_TruncatedToMilliseconds(string fraction, int expectedMillis)
    {
        Assert.True(EventTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes("2026-11-20T10:00:56" + fraction + "+02:00"), out long ms));
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:00:56Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() + expectedMillis, ms);
    }

    [Fact]
    public void TryParseIso8601_EveryDayOfFourYears_AgreesWithDateTimeOffset()
    {
        var day = new DateTimeOffset(2023, 1, 1, 13, 45, 7, 89, TimeSpan.Zero);
        for (int i = 0; i < 4 * 366; i++, day = day.AddDays(1))
        {
            string text = day.ToOffset(TimeSpan.FromMinutes(-570)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

            Assert.True(EventTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes(text), out long ms), text);
            Assert.Equal(day.ToUnixTimeMilliseconds(), ms);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-11-20")]
    [InlineData("2026-11-20T10:00:00")]
    [InlineData("2026-11-20T10:00:00.123")]
    [InlineData("2026-11-20T10:00Z")]
    [InlineData("2026-11-20 10:00:00Z")]
    [InlineData("2026-11-20T10:00:00.Z")]
    [InlineData("2026-11-20T10:00:00,5Z")]
    [InlineData("2026-11-20T10:00:00ZZ")]
    [InlineData("2026-11-20T10:00:00+2:00")]
    [InlineData("2026-11-20T10:00:00+02:0")]
    [InlineData("2026-11-20T10:00:00+24:00")]
    [InlineData("2026-11-20T10:00:00+02:60")]
    [InlineData("2026-11-20T10:00:00+02:00:00")]
    [InlineData("2026-11-20T10:00:00 +02:00")]
    [InlineData(" 2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T10:00:00Z ")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-01T00:00:00Z")]
    [InlineData("2026-11-00T00:00:00Z")]
    [InlineData("2026-11-31T00:00:00Z")]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2100-02-29T00:00:00Z")]
    [InlineData("2026-11-20T24:00:00Z")]
    [InlineData("2026-11-20T10:60:00Z")]
    [InlineData("2026-11-20T10:00:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59.999Z")]
    [InlineData("2000-01-01T00:59:59.999+01:00")]
    [InlineData("2100-01-01T00:00:00Z")]
    [InlineData("2099-12-31T23:00:00-01:00")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("+2026-11-20T10:00:00Z")]
    [InlineData("20261120T100000Z")]
    [InlineData("2026-W47-5T10:00:00Z")]
    [InlineData("1795341600000")]
    [InlineData("2026-11-20T1a:00:00Z")]
    public void TryParseIso8601_InvalidOrZoneless_False(string text)
    {
        Assert.False(EventTimestamp.TryParseIso8601(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseIso8601_LeapDay_Accepted()
    {
        Assert.True(EventTimestamp.TryParseIso8601("2024-02-29T00:00:00Z"u8, out long ms));
        Assert.True(EventTimestamp.TryParseIso8601("2000-02-29T00:00:00Z"u8, out _));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ms);
    }

    [Theory]
    [InlineData(EventTimestamp.MinEpochMilliseconds, true)]
    [InlineData(EventTimestamp.MaxEpochMilliseconds, true)]
    [InlineData(EventTimestamp.MinEpochMilliseconds - 1, false)]
    [InlineData(EventTimestamp.MaxEpochMilliseconds + 1, false)]
    public void IsInRange_Bounds_Years2000To2099(long ms, bool expected)
    {
        Assert.Equal(expected, EventTimestamp.IsInRange(ms));
        int year = DateTimeOffset.FromUnixTimeMilliseconds(ms).Year;
        Assert.Equal(expected, year is >= 2000 and <= 2099);
    }
}
