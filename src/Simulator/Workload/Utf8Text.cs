using System.Buffers.Text;

namespace StreamAgg.Simulator.Workload;

/// <summary>
/// Hand-written UTF-8 formatting of the two values every event carries, timestamps and
/// millisecond-precision seconds: a custom DateTime format string costs more than the rest of
/// an event together.
/// </summary>
internal static class Utf8Text
{
    /// <summary>Longest output of any method here.</summary>
    public const int MaxLength = 32;

    /// <summary>Seconds rounded to whole milliseconds, as the double nearest to k / 1000 (so it prints as exactly k / 1000).</summary>
    public static double RoundToMilliseconds(double seconds) => Math.Round(seconds * 1000, MidpointRounding.AwayFromZero) / 1000;

    /// <summary><c>2026-11-20T08:00:33.194Z</c>.</summary>
    public static int IsoUtc(long epochMs, Span<byte> destination)
    {
        int length = IsoLocal(epochMs, destination);
        destination[length] = (byte)'Z';
        return length + 1;
    }

    /// <summary><c>2026-11-20T10:00:33.194+02:00</c>: the same instant as local time at the offset.</summary>
    public static int IsoWithOffset(long epochMs, int offsetMinutes, Span<byte> destination)
    {
        int length = IsoLocal(epochMs + (offsetMinutes * 60_000L), destination);
        int magnitude = Math.Abs(offsetMinutes);
        destination[length] = offsetMinutes < 0 ? (byte)'-' : (byte)'+';
        Two(magnitude / 60, destination[(length + 1)..]);
        destination[length + 3] = (byte)':';
        Two(magnitude % 60, destination[(length + 4)..]);
        return length + 6;
    }

    /// <summary>
    /// A value with at most three decimals, the way a shortest round-trip formatter prints it
    /// (<c>0</c>, <c>12.5</c>, <c>113.874</c>).
    /// </summary>
    public static int Seconds(double seconds, Span<byte> destination)
    {
        long thousandths = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        int length = 0;
        if (thousandths < 0)
        {
            destination[length++] = (byte)'-';
            thousandths = -thousandths;
        }

        Utf8Formatter.TryFormat(thousandths / 1000, destination[length..], out int digits);
        length += digits;
        int fraction = (int)(thousandths % 1000);
        if (fraction == 0)
            return length;
        destination[length++] = (byte)'.';
        destination[length++] = (byte)('0' + (fraction / 100));
        fraction %= 100;
        if (fraction == 0)
            return length;
        destination[length++] = (byte)('0' + (fraction / 10));
        fraction %= 10;
        if (fraction != 0)
            destination[length++] = (byte)('0' + fraction);
        return length;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fff</c> of a UTC instant (23 bytes).</summary>
    private static int IsoLocal(long epochMs, Span<byte> destination)
    {
        long days = Math.DivRem(epochMs, 86_400_000L, out long msOfDay);
        if (msOfDay < 0)
        {
            msOfDay += 86_400_000L;
            days--;
        }

        var (year, month, day) = CivilFromDays(days);
        Four(year, destination);
        destination[4] = (byte)'-';
        Two(month, destination[5..]);
        destination[7] = (byte)'-';
        Two(day, destination[8..]);
        destination[10] = (byte)'T';
        int ms = (int)msOfDay;
        Two(ms / 3_600_000, destination[11..]);
        destination[13] = (byte)':';
        Two(ms / 60_000 % 60, destination[14..]);
        destination[16] = (byte)':';
        Two(ms / 1000 % 60, destination[17..]);
        destination[19] = (byte)'.';
        destination[20] = (byte)('0' + (ms % 1000 / 100));
        Two(ms % 100, destination[21..]);
        return 23;
    }

    // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    private static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        long era = (days >= 0 ? days : days - 146_096) / 146_097;
        long dayOfEra = days - (era * 146_097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long monthIndex = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * monthIndex) + 2) / 5) + 1);
        int month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
        return (year, month, day);
    }

    private static void Two(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }

    private static void Four(int value, Span<byte> destination)
    {
        Two(value / 100, destination);
        Two(value % 100, destination[2..]);
    }
}
