namespace StreamAgg.Core.Events;

/// <summary>
/// Event times as SEMANTICS.md §1 accepts them, converted to Unix epoch milliseconds (UTC):
/// ISO-8601 text with a zone, or integer epoch milliseconds, from 2000-01-01T00:00:00Z (included)
/// to 2100-01-01T00:00:00Z (excluded). No player clock is right outside that range, and within it
/// every value formats as a four-digit year and stays far from the limits of a long.
/// </summary>
/// <remarks>
/// The accepted text is <c>YYYY-MM-DDThh:mm:ss[.fraction]zone</c> (RFC 3339): <c>T</c> may be
/// lowercase; the fraction has one or more digits and is truncated to milliseconds (toward the
/// past); the zone is <c>Z</c> (or <c>z</c>), <c>±hh:mm</c>, <c>±hhmm</c> or <c>±hh</c>, with
/// hours up to 23; <c>-00:00</c> is UTC. Everything else is rejected: a missing zone or
/// seconds, a date alone, a week or ordinal date, a space instead of <c>T</c>, a leap second
/// (<c>:60</c>), <c>24:00</c>, surrounding whitespace, digits as text (<c>"1795341600000"</c>).
/// </remarks>
public static class EventTimestamp
{
    /// <summary>Earliest accepted time, 2000-01-01T00:00:00Z, in epoch milliseconds.</summary>
    public const long MinEpochMilliseconds = 946_684_800_000;

    /// <summary>Latest accepted time, 2099-12-31T23:59:59.999Z, in epoch milliseconds.</summary>
    public const long MaxEpochMilliseconds = 4_102_444_799_999;

    private const long MsPerMinute = 60_000;
    private const long MsPerDay = 86_400_000;

    /// <summary>Whether <paramref name="epochMilliseconds"/> lies in the accepted range.</summary>
    public static bool IsInRange(long epochMilliseconds) =>
        epochMilliseconds is >= MinEpochMilliseconds and <= MaxEpochMilliseconds;

    /// <summary>Parses ISO-8601 text with a zone (UTF-8) into epoch milliseconds (UTC).</summary>
    public static bool TryParseIso8601(ReadOnlySpan<byte> utf8, out long epochMilliseconds)
    {
        epochMilliseconds = 0;

        // Fixed part: YYYY-MM-DDThh:mm:ss is 19 bytes, and a zone needs at least one more.
        if (utf8.Length < 20
            || !TryDigits(utf8, 0, 4, out int year)
            || utf8[4] != '-'
            || !TryDigits(utf8, 5, 2, out int month)
            || utf8[7] != '-'
            || !TryDigits(utf8, 8, 2, out int day)
            || (utf8[10] | 0x20) != 't'
            || !TryDigits(utf8, 11, 2, out int hour)
            || utf8[13] != ':'
            || !TryDigits(utf8, 14, 2, out int minute)
            || utf8[16] != ':'
            || !TryDigits(utf8, 17, 2, out int second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int pos = 19;
        int millis = 0;
        if (utf8[pos] == '.')
        {
            pos++;
            int start = pos;
            while (pos < utf8.Length && IsDigit(utf8[pos]))
            {
                if (pos - start < 3)
                {
                    millis = (millis * 10) + (utf8[pos] - '0');
                }

                pos++;
            }

            int digits = pos - start;
            if (digits == 0)
            {
                return false;
            }

            for (int i = digits; i < 3; i++)
            {
                millis *= 10;
            }
        }

        if (!TryZone(utf8[pos..], out int offsetMinutes))
        {
            return false;
        }

        long ms = (DaysFromCivil(year, month, day) * MsPerDay)
            + (((hour * 60L) + minute) * MsPerMinute) + (second * 1000L) + millis
            - (offsetMinutes * MsPerMinute);
        if (!IsInRange(ms))
        {
            return false;
        }

        epochMilliseconds = ms;
        return true;
    }

    private static bool TryZone(ReadOnlySpan<byte> zone, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (zone.Length == 1)
        {
            return (zone[0] | 0x20) == 'z';
        }

        if (zone.Length < 3 || (zone[0] != '+' && zone[0] != '-') || !TryDigits(zone, 1, 2, out int hours) || hours > 23)
        {
            return false;
        }

        int minutes = 0;
        bool ok = zone.Length switch
        {
            3 => true,
            5 => TryDigits(zone, 3, 2, out minutes),
            6 => zone[3] == ':' && TryDigits(zone, 4, 2, out minutes),
            _ => false,
        };
        if (!ok || minutes > 59)
        {
            return false;
        }

        offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => DateTime.IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Days since 1970-01-01 of a proleptic Gregorian date: count from a March-based year so
    // that the leap day falls at the end, then whole 400-year eras of 146097 days.
    private static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - (era * 400);
        int monthFromMarch = month > 2 ? month - 3 : month + 9;
        int dayOfYear = (((153 * monthFromMarch) + 2) / 5) + day - 1;
        int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097L) + dayOfEra - 719468;
    }
}
