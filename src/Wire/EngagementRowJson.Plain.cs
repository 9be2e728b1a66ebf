using System.Buffers.Text;

using StreamAgg.Core.Engagement;

namespace StreamAgg.Wire;

/// <summary>The row written straight into bytes, for rows whose text needs no escaping.</summary>
public static partial class EngagementRowJson
{
    /// <summary>
    /// Writes the same bytes as <see cref="Write"/> straight into <paramref name="destination"/>,
    /// without a <see cref="System.Text.Json.Utf8JsonWriter"/> (batch output writes every row once:
    /// the writer's per-property checks were most of that phase). Returns false, having written
    /// nothing usable, when the row does not fit or is not plain: a string holding anything but
    /// letters, digits and <c> -_.|:/@</c>, or a number that is not finite. Then use
    /// <see cref="Write"/>, which escapes (and rejects non-finite numbers) as it always did.
    /// </summary>
    public static bool TryWritePlain(EngagementRow row, bool includeStreamingFields, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(row);
        var text = new PlainRowText(destination);
        bool written =
            text.Append("{\"userId\":"u8) && text.AppendString(row.UserId)
            && text.Append(",\"videoId\":"u8) && text.AppendString(row.VideoId)
            && text.Append(",\"videoTitle\":"u8) && text.AppendNullable(row.VideoTitle)
            && text.Append(",\"videoDuration\":"u8) && text.AppendNullable(row.VideoDuration)
            && text.Append(",\"totalWatchTime\":"u8) && text.AppendDouble(row.TotalWatchTime)
            && text.Append(",\"uniqueSecondsWatched\":"u8) && text.AppendDouble(row.UniqueSecondsWatched)
            && text.Append(",\"maxPositionReached\":"u8) && text.AppendDouble(row.MaxPositionReached)
            && text.Append(",\"sessionCount\":"u8) && text.AppendInteger(row.SessionCount)
            && text.Append(",\"completionCount\":"u8) && text.AppendInteger(row.CompletionCount)
            && text.Append(",\"replayCount\":"u8) && text.AppendInteger(row.ReplayCount)
            && text.Append(",\"totalPauses\":"u8) && text.AppendInteger(row.TotalPauses)
            && text.Append(",\"avgPausesPerSession\":"u8) && text.AppendDouble(row.AvgPausesPerSession)
            && text.Append(",\"totalForwardSkips\":"u8) && text.AppendInteger(row.TotalForwardSkips)
            && text.Append(",\"totalBackwardSkips\":"u8) && text.AppendInteger(row.TotalBackwardSkips)
            && text.Append(",\"lateEventsDropped\":"u8) && text.AppendInteger(row.LateEventsDropped)
            && text.Append(",\"duplicateEventsDropped\":"u8) && text.AppendInteger(row.DuplicateEventsDropped)
            && text.Append(",\"eventsApplied\":"u8) && text.AppendInteger(row.EventsApplied)
            && text.Append(",\"firstEventAt\":"u8) && text.AppendTimestamp(row.FirstEventAtMs)
            && text.Append(",\"lastEventAt\":"u8) && text.AppendTimestamp(row.LastEventAtMs)
            && text.Append(",\"watchPercentage\":"u8) && text.AppendNullable(row.WatchPercentage)
            && text.Append(",\"uniqueWatchPercentage\":"u8) && text.AppendNullable(row.UniqueWatchPercentage)
            && text.Append(",\"completionPercentage\":"u8) && text.AppendNullable(row.CompletionPercentage)
            && text.Append(",\"engagementScore\":"u8) && text.AppendNullable(row.EngagementScore)
            && text.Append(",\"engagementTier\":"u8) && text.AppendString(row.EngagementTier)
            && text.Append(",\"qualityFlags\":["u8) && AppendFlags(ref text, row.QualityFlags)
            && (!includeStreamingFields
                || (text.Append(",\"activeSession\":"u8) && text.Append(row.ActiveSession ? "true"u8 : "false"u8)
                    && text.Append(",\"version\":"u8) && text.AppendInteger(row.Version)))
            && text.Append("}"u8);
        bytesWritten = written ? text.Length : 0;
        return written;
    }

    private static bool AppendFlags(ref PlainRowText text, IReadOnlyList<string> flags)
    {
        for (int i = 0; i < flags.Count; i++)
        {
            if ((i > 0 && !text.Append(","u8)) || !text.AppendString(flags[i]))
            {
                return false;
            }
        }

        return text.Append("]"u8);
    }

    /// <summary>Appends to a span; every method returns false when the text does not fit or is not plain.</summary>
    private ref struct PlainRowText
    {
        private readonly Span<byte> _destination;

        public PlainRowText(Span<byte> destination) => _destination = destination;

        public int Length { get; private set; }

        public bool Append(ReadOnlySpan<byte> bytes)
        {
            if (!bytes.TryCopyTo(_destination[Length..]))
            {
                return false;
            }

            Length += bytes.Length;
            return true;
        }

        public bool AppendString(string value)
        {
            Span<byte> free = _destination[Length..];
            if (free.Length < value.Length + 2)
            {
                return false;
            }

            free[0] = (byte)'"';
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!IsPlain(c))
                {
                    return false;
                }

                free[i + 1] = (byte)c;
            }

            free[value.Length + 1] = (byte)'"';
            Length += value.Length + 2;
            return true;
        }

        public bool AppendNullable(string? value) => value is null ? Append("null"u8) : AppendString(value);

        public bool AppendNullable(double? value) => value is double v ? AppendDouble(v) : Append("null"u8);

        public bool AppendDouble(double value)
        {
            // As WriteDouble: whole numbers as integers, anything else in the writer's format
            // (Utf8Formatter's shortest round-trip text, which Utf8JsonWriter uses).
            if (Math.Abs(value) < MaxPlainInteger && value == Math.Floor(value) && !double.IsNegative(value))
            {
                return AppendInteger((long)value);
            }

            if (!double.IsFinite(value) || !Utf8Formatter.TryFormat(value, _destination[Length..], out int written))
            {
                return false;
            }

            Length += written;
            return true;
        }

        public bool AppendInteger(long value)
        {
            if (!Utf8Formatter.TryFormat(value, _destination[Length..], out int written))
            {
                return false;
            }

            Length += written;
            return true;
        }

        public bool AppendTimestamp(long unixMs)
        {
            Span<byte> free = _destination[Length..];
            if (free.Length < TimestampLength + 2)
            {
                return false;
            }

            free[0] = (byte)'"';
            FormatTimestampUtf8(free.Slice(1, TimestampLength), unixMs);
            free[TimestampLength + 1] = (byte)'"';
            Length += TimestampLength + 2;
            return true;
        }

        // Characters no JSON encoder escapes; anything else (quotes, backslashes, controls,
        // non-ASCII, and what an encoder may choose to escape, like + < > & ') takes the writer.
        private static bool IsPlain(char c) =>
            (uint)((c | 0x20) - 'a') <= 'z' - 'a'
            || (uint)(c - '0') <= 9
            || c is ' ' or '-' or '_' or '.' or '|' or ':' or '/' or '@';
    }
}
