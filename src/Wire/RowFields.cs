using System.Text.Json;

using StreamAgg.Core.Engagement;

namespace StreamAgg.Wire;

/// <summary>The fields of an engagement row while <see cref="EngagementRowJson.Read"/> collects them.</summary>
internal sealed class RowFields
{
    private string? _userId;
    private string? _videoId;
    private string? _videoTitle;
    private double? _videoDuration;
    private double _totalWatchTime;
    private double _uniqueSecondsWatched;
    private double _maxPositionReached;
    private double? _watchPercentage;
    private double? _uniqueWatchPercentage;
    private double? _completionPercentage;
    private int _sessionCount;
    private int _completionCount;
    private int _replayCount;
    private int _totalPauses;
    private double _avgPausesPerSession;
    private int _totalForwardSkips;
    private int _totalBackwardSkips;
    private double? _engagementScore;
    private string? _engagementTier;
    private int _eventsApplied;
    private int _lateEventsDropped;
    private int _duplicateEventsDropped;
    private long _firstEventAtMs;
    private long _lastEventAtMs;
    private List<string> _qualityFlags = [];
    private bool _activeSession;
    private long _version;

    /// <summary>Room for the longest field name (<c>uniqueSecondsWatched</c>, <c>uniqueWatchPercentage</c>), with some to spare.</summary>
    public const int LongestName = 64;

    public void Read(scoped ReadOnlySpan<char> name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case "userId": _userId = reader.GetString(); break;
            case "videoId": _videoId = reader.GetString(); break;
            case "videoTitle": _videoTitle = NullableString(ref reader); break;
            case "videoDuration": _videoDuration = NullableDouble(ref reader); break;
            case "totalWatchTime": _totalWatchTime = reader.GetDouble(); break;
            case "uniqueSecondsWatched": _uniqueSecondsWatched = reader.GetDouble(); break;
            case "maxPositionReached": _maxPositionReached = reader.GetDouble(); break;
            case "watchPercentage": _watchPercentage = NullableDouble(ref reader); break;
            case "uniqueWatchPercentage": _uniqueWatchPercentage = NullableDouble(ref reader); break;
            case "completionPercentage": _completionPercentage = NullableDouble(ref reader); break;
            case "sessionCount": _sessionCount = reader.GetInt32(); break;
            case "completionCount": _completionCount = reader.GetInt32(); break;
            case "replayCount": _replayCount = reader.GetInt32(); break;
            case "totalPauses": _totalPauses = reader.GetInt32(); break;
            case "avgPausesPerSession": _avgPausesPerSession = reader.GetDouble(); break;
            case "totalForwardSkips": _totalForwardSkips = reader.GetInt32(); break;
            case "totalBackwardSkips": _totalBackwardSkips = reader.GetInt32(); break;
            case "engagementScore": _engagementScore = NullableDouble(ref reader); break;
            case "engagementTier": _engagementTier = reader.GetString(); break;
            case "eventsApplied": _eventsApplied = reader.GetInt32(); break;
            case "lateEventsDropped": _lateEventsDropped = reader.GetInt32(); break;
            case "duplicateEventsDropped": _duplicateEventsDropped = reader.GetInt32(); break;
            case "firstEventAt": _firstEventAtMs = reader.GetDateTimeOffset().ToUnixTimeMilliseconds(); break;
            case "lastEventAt": _lastEventAtMs = reader.GetDateTimeOffset().ToUnixTimeMilliseconds(); break;
            case "qualityFlags": _qualityFlags = Flags(ref reader); break;
            case "activeSession": _activeSession = reader.GetBoolean(); break;
            case "version": _version = reader.GetInt64(); break;
            default: reader.Skip(); break;
        }
    }

    public EngagementRow ToRow() => new()
    {
        UserId = _userId ?? throw new JsonException("An engagement row needs userId."),
        VideoId = _videoId ?? throw new JsonException("An engagement row needs videoId."),
        VideoTitle = _videoTitle,
        VideoDuration = _videoDuration,
        TotalWatchTime = _totalWatchTime,
        UniqueSecondsWatched = _uniqueSecondsWatched,
        MaxPositionReached = _maxPositionReached,
        WatchPercentage = _watchPercentage,
        UniqueWatchPercentage = _uniqueWatchPercentage,
        CompletionPercentage = _completionPercentage,
        SessionCount = _sessionCount,
        CompletionCount = _completionCount,
        ReplayCount = _replayCount,
        TotalPauses = _totalPauses,
        AvgPausesPerSession = _avgPausesPerSession,
        TotalForwardSkips = _totalForwardSkips,
        TotalBackwardSkips = _totalBackwardSkips,
        EngagementScore = _engagementScore,
        EngagementTier = _engagementTier ?? throw new JsonException("An engagement row needs engagementTier."),
        EventsApplied = _eventsApplied,
        LateEventsDropped = _lateEventsDropped,
        DuplicateEventsDropped = _duplicateEventsDropped,
        FirstEventAtMs = _firstEventAtMs,
        LastEventAtMs = _lastEventAtMs,
        QualityFlags = _qualityFlags,
        ActiveSession = _activeSession,
        Version = _version,
    };

    private static string? NullableString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetString();

    private static double? NullableDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

    private static List<string> Flags(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("qualityFlags must be an array.");
        }

        var flags = new List<string>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            flags.Add(reader.GetString() ?? throw new JsonException("A quality flag must be a string."));
        }

        return flags;
    }
}
