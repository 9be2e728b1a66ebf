using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamAgg.Simulator.Workload;

/// <summary>
/// Writes player events as compact UTF-8 JSON (SEMANTICS.md §1) into one reused buffer, so a
/// regular event costs no allocation. A <see cref="Corruption"/> makes it write the same event
/// the way a broken client would.
/// </summary>
internal sealed class EventJsonWriter
{
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText VideoIdName = JsonEncodedText.Encode("videoId");
    private static readonly JsonEncodedText EventNameName = JsonEncodedText.Encode("eventName");
    private static readonly JsonEncodedText CurrentTimeName = JsonEncodedText.Encode("currentTime");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("sessionId");
    private static readonly JsonEncodedText VideoDurationName = JsonEncodedText.Encode("videoDuration");
    private static readonly JsonEncodedText VideoTitleName = JsonEncodedText.Encode("videoTitle");
    private static readonly JsonEncodedText PlaybackRateName = JsonEncodedText.Encode("playbackRate");
    private static readonly JsonEncodedText FromTimeName = JsonEncodedText.Encode("fromTime");

    private static readonly JsonEncodedText[] EventNames =
    [
        JsonEncodedText.Encode("video_play"), JsonEncodedText.Encode("video_pause"),
        JsonEncodedText.Encode("video_resume"), JsonEncodedText.Encode("video_seek"),
        JsonEncodedText.Encode("video_heartbeat"), JsonEncodedText.Encode("video_end"),
    ];

    private static readonly string[] UnknownEventNames = ["video_rewind", "video_buffering", "ad_impression", "video_fullscreen"];
    private static readonly string[] WordTimestamps = ["yesterday", "now", "undefined", "NaN"];

    // Relaxed escaping writes '|', '+' and non-ASCII titles as they are, like a browser's JSON.stringify.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _runTag;

    /// <param name="runTag">ASCII prefix of every eventId, so runs with other seeds or start times do not reuse ids.</param>
    public EventJsonWriter(byte[] runTag)
    {
        _runTag = runTag;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>The event as valid JSON; valid until the next write.</summary>
    public ReadOnlyMemory<byte> Write(in PlayerEventFields e) => Write(e, Corruption.None, 0);

    /// <summary>The event spoilt by <paramref name="corruption"/>; <paramref name="variant"/> picks among equivalent spellings.</summary>
    public ReadOnlyMemory<byte> Write(in PlayerEventFields e, Corruption corruption, int variant)
    {
        _buffer.ResetWrittenCount();
        switch (corruption)
        {
            case Corruption.PlainText:
                return Raw("not json at all"u8);
            case Corruption.JsonArray:
                return Raw("[1,2,3]"u8);
            case Corruption.JsonString:
                return Raw("\"video_play\""u8);
            case Corruption.UnquotedKeys:
                return Raw("{userId: 'u1', videoId: 'v1', eventName: 'video_play'}"u8);
        }

        _json.Reset(_buffer);
        WriteObject(e, corruption, variant);
        _json.Flush();
        var written = _buffer.WrittenMemory;
        // A prefix of an object never closes it, so it can never parse.
        return corruption == Corruption.Truncated ? written[..(written.Length / 2)] : written;
    }

    private ReadOnlyMemory<byte> Raw(ReadOnlySpan<byte> text)
    {
        _buffer.Write(text);
        return _buffer.WrittenMemory;
    }

    private void WriteObject(in PlayerEventFields e, Corruption c, int variant)
    {
        var w = _json;
        w.WriteStartObject();
        if (e.EventSeq >= 0 || c == Corruption.NumericEventId)
            WriteEventId(Math.Max(e.EventSeq, 0), c);
        if (c != Corruption.OmitTimestamp)
            WriteTimestamp(e, c, variant);

        if (c == Corruption.EmptyUserId)
            w.WriteString(UserIdName, ""u8);
        else if (c == Corruption.NumericUserId)
            w.WriteNumber(UserIdName, 100_000 + e.Viewer.Index);
        else if (c != Corruption.OmitUserId)
            w.WriteString(UserIdName, e.Viewer.UserIdUtf8);

        if (c == Corruption.EmptyVideoId)
            w.WriteString(VideoIdName, ""u8);
        else if (c != Corruption.OmitVideoId)
            w.WriteString(VideoIdName, e.Video.VideoIdUtf8);

        if (c == Corruption.UnknownEventName)
            w.WriteString(EventNameName, UnknownEventNames[variant % UnknownEventNames.Length]);
        else if (c != Corruption.OmitEventName)
            w.WriteString(EventNameName, EventNames[(int)e.Name]);

        WriteCurrentTime(e.CurrentTime, c);

        if (c == Corruption.NumericSessionId)
            w.WriteNumber(SessionIdName, 4711 + variant);
        else if (e.SessionId is { } sessionId)
            w.WriteString(SessionIdName, sessionId);

        if (c == Corruption.ZeroDuration)
            WriteSeconds(VideoDurationName, variant % 2 == 0 ? 0 : -e.Video.DurationSeconds);
        else if (e.WithDuration)
            WriteSeconds(VideoDurationName, e.Video.DurationSeconds);

        if (c == Corruption.BooleanTitle)
            w.WriteBoolean(VideoTitleName, false);
        else if (e.WithTitle)
            w.WriteString(VideoTitleName, e.Video.TitleUtf8);

        WritePlaybackRate(e.PlaybackRate, c);

        if (c == Corruption.NegativeFromTime)
            WriteSeconds(FromTimeName, -1 - e.CurrentTime);
        else if (!double.IsNaN(e.FromTime))
            WriteSeconds(FromTimeName, e.FromTime);

        w.WriteEndObject();
    }

    private void WriteEventId(long seq, Corruption c)
    {
        if (c == Corruption.NumericEventId)
        {
            _json.WriteNumber(EventIdName, seq);
            return;
        }

        Span<byte> id = stackalloc byte[48];
        _runTag.CopyTo(id);
        int length = _runTag.Length;
        id[length++] = (byte)'-';
        Utf8Formatter.TryFormat(seq, id[length..], out int digits);
        _json.WriteString(EventIdName, id[..(length + digits)]);
    }

    private void WriteTimestamp(in PlayerEventFields e, Corruption c, int variant)
    {
        // Only the corrupt spellings use DateTime formatting; valid ones go through the fast path.
        var utc = new DateTime(DateTime.UnixEpoch.Ticks + (e.TimestampMs * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        Span<byte> text = stackalloc byte[40];
        int length;
        switch (c)
        {
            case Corruption.WordTimestamp:
                _json.WriteString(TimestampName, WordTimestamps[variant % WordTimestamps.Length]);
                return;
            case Corruption.ZonelessTimestamp:
                utc.TryFormat(text, out length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff", CultureInfo.InvariantCulture);
                break;
            case Corruption.SlashedTimestamp:
                utc.TryFormat(text, out length, "dd'/'MM'/'yyyy HH':'mm':'ss", CultureInfo.InvariantCulture);
                break;
            case Corruption.ImpossibleTimestamp:
                utc.TryFormat(text, out length, "yyyy'-13-45T'HH':61:'ss'Z'", CultureInfo.InvariantCulture);
                break;
            default:
                if (e.Style == TimestampStyle.EpochMillis)
                {
                    _json.WriteNumber(TimestampName, e.TimestampMs);
                    return;
                }

                length = e.Style == TimestampStyle.IsoOffset
                    ? Utf8Text.IsoWithOffset(e.TimestampMs, e.OffsetMinutes, text)
                    : Utf8Text.IsoUtc(e.TimestampMs, text);
                break;
        }

        _json.WriteString(TimestampName, text[..length]);
    }

    private void WriteCurrentTime(double currentTime, Corruption c)
    {
        switch (c)
        {
            case Corruption.OmitCurrentTime:
                return;
            case Corruption.StringCurrentTime:
                Span<byte> text = stackalloc byte[32];
                currentTime.TryFormat(text, out int length, default, CultureInfo.InvariantCulture);
                _json.WriteString(CurrentTimeName, text[..length]);
                return;
            case Corruption.NegativeCurrentTime:
                WriteSeconds(CurrentTimeName, -1 - currentTime);
                return;
            default:
                WriteSeconds(CurrentTimeName, currentTime);
                return;
        }
    }

    /// <summary>A number with at most three decimals (positions, durations, rates).</summary>
    private void WriteSeconds(JsonEncodedText name, double value)
    {
        Span<byte> text = stackalloc byte[Utf8Text.MaxLength];
        int length = Utf8Text.Seconds(value, text);
        _json.WritePropertyName(name);
        _json.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private void WritePlaybackRate(double rate, Corruption c)
    {
        switch (c)
        {
            case Corruption.ZeroPlaybackRate:
                _json.WriteNumber(PlaybackRateName, 0);
                return;
            case Corruption.HugePlaybackRate:
                _json.WriteNumber(PlaybackRateName, 32);
                return;
            case Corruption.StringPlaybackRate:
                _json.WriteString(PlaybackRateName, "fast"u8);
                return;
            default:
                if (!double.IsNaN(rate))
                    WriteSeconds(PlaybackRateName, rate);
                return;
        }
    }
}
