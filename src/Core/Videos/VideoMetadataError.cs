namespace StreamAgg.Core.Videos;

/// <summary>Why a video metadata record was rejected, checked in the declared order.</summary>
public enum VideoMetadataError : byte
{
    /// <summary>The record is valid.</summary>
    None,

    /// <summary>Not exactly one JSON object (or not valid UTF-8, or nested deeper than 64 levels).</summary>
    InvalidJson,

    /// <summary><c>videoId</c> absent, null, empty or not a string.</summary>
    MissingVideoId,

    /// <summary><c>title</c> present (not null) but not a string.</summary>
    BadTitle,

    /// <summary><c>duration</c> present (not null) but not a finite number in (0, 10,000,000].</summary>
    BadDuration,
}
